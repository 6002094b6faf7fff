"""A small real build, in both languages, into a temporary folder: the site's tests read it.

Notebooks 01 and 02 on the real raw files, the counts report in English (which writes
the tables and figures) and in Spanish (figures only), and one entity's profile in both
languages: every kind of page the site has, in a minute.
"""

import shutil

import pytest
import yaml

from helpers.build.runner import Build, BuildOptions
from helpers.core.paths import NOTEBOOKS_DIR, RAW_DIR


def site_jobs(root):
    processed, figures = root / "processed", root / "reports" / "figures"
    counts = {
        "agreements_path": str(processed / "agreements.csv"),
        "interactions_path": str(processed / "interactions.csv"),
        "figures_dir": str(figures),
    }
    return [
        {
            "id": "01_clean_agreements",
            "notebook": "01_clean_agreements.ipynb",
            "title_message": "report.clean-agreements.title",
            "parameters": {
                "raw_path": str(RAW_DIR / "sre" / "agreements_mx_ru_cemeri.txt"),
                "output_dir": str(processed),
            },
        },
        {
            "id": "02_clean_bulletins",
            "notebook": "02_clean_bulletins.ipynb",
            "title_message": "report.clean-bulletins.title",
            "parameters": {
                "raw_path": str(RAW_DIR / "cedl" / "bulletins_2021_mx_ru.csv"),
                "output_dir": str(processed),
            },
        },
        {
            "id": "03_counts_en",
            "notebook": "03_counts.ipynb",
            "title_message": "story.title",
            "depends_on": ["01_clean_agreements", "02_clean_bulletins"],
            "parameters": {**counts, "lang": "en", "output_dir": str(processed)},
        },
        {
            "id": "03_counts_es",
            "notebook": "03_counts.ipynb",
            "title_message": "story.title",
            "depends_on": ["01_clean_agreements", "02_clean_bulletins"],
            "parameters": {**counts, "lang": "es", "output_dir": ""},
        },
        {
            "id": "04_profile_{lang}",
            "notebook": "04_entity_profile.ipynb",
            "title_message": "profile.title",
            "depends_on": ["01_clean_agreements", "02_clean_bulletins"],
            "matrix": {"lang": ["en", "es"]},
            "parameters": {"entity_code": "21", "processed_dir": str(processed)},
        },
    ]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The build's root: reports/ (with site/) and processed/."""
    root = tmp_path_factory.mktemp("site-build")
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    jobs = [{**job, "notebook": str(NOTEBOOKS_DIR / job["notebook"])} for job in site_jobs(root)]
    (root / "reports.yml").write_text(yaml.safe_dump({"jobs": jobs}))
    options = BuildOptions(
        jobs_file=root / "reports.yml",
        reports_dir=root / "reports",
        processed_dir=root / "processed",
        quiet=True,
    )
    assert Build(options).run() == 0
    return root
