"""Small inputs that several test modules build: tiny parameterised notebooks."""

import nbformat
from nbformat.v4 import new_code_cell, new_notebook


def make_notebook(path, body: str, parameters: str = "value: int = 1  # a number\n") -> None:
    """A notebook with a tagged parameters cell and one code cell."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = new_code_cell(parameters)
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, new_code_cell(body)]
    nbformat.write(nb, str(path))
