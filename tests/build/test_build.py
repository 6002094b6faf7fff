"""The report build: cache, failures, parameter checks, offline HTML, PDF text."""

import hashlib
import io
import json
import re
import subprocess
import sys

import nbformat
import pytest
from factories import make_notebook
from pypdf import PdfReader

from helpers.build.job_run import report_title
from helpers.build.jobs import Job, JobSpec, expand, load_specs
from helpers.build.runner import Build, BuildOptions
from helpers.core.paths import PROJECT_ROOT, REPORTS_DIR


@pytest.fixture
def project(tmp_path):
    """A small jobs file: a good job, a job that raises, one that depends on the failing one."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    raw = tmp_path / "raw.txt"
    raw.write_text("one\n")
    make_notebook(notebooks / "good.ipynb", f"print(open({str(raw)!r}).read().upper() * value)")
    make_notebook(notebooks / "bad.ipynb", "raise ValueError('broken on purpose')")
    (notebooks / "reports.yml").write_text(
        f"""
jobs:
  - id: good_{{lang}}
    notebook: good.ipynb
    title: "Good {{lang}}"
    matrix: {{lang: [en, es]}}
    parameters: {{value: 2}}
    reads: ["{raw}"]
  - id: bad
    notebook: bad.ipynb
  - id: after_bad
    notebook: good.ipynb
    depends_on: [bad]
""".replace("{lang}", "{lang}")
    )
    return tmp_path


def _options(project, **kwargs):
    return BuildOptions(
        jobs_file=project / "notebooks" / "reports.yml",
        reports_dir=project / "reports",
        processed_dir=project / "processed",
        quiet=True,
        jobs=2,
        **kwargs,
    )


def _good_notebook_param_cell_lang(project):
    # the good notebook must accept `lang` for the matrix
    make_notebook(
        project / "notebooks" / "good.ipynb",
        f"print(open({str(project / 'raw.txt')!r}).read().upper() * value, lang)",
        parameters='value: int = 1  # a number\nlang: str = "en"  # language\n',
    )


def test_expand_matrix_and_data_driven_list(tmp_path):
    processed = tmp_path / "processed"
    processed.mkdir()
    (processed / "agreements.csv").write_text("entity_code,x\n06,a\n21,b\n06,c\n")
    (processed / "interactions.csv").write_text("entity_code,x\n05,a\n,b\n")
    spec = JobSpec(
        id="04_profile_{entity_code}_{lang}",
        notebook="04.ipynb",
        title="Profile {entity_code}",
        matrix={"lang": ["en", "es"]},
        for_each="entities_with_activity",
    )
    jobs = expand(spec, processed, tmp_path)
    assert [j.id for j in jobs] == [
        f"04_profile_{c}_{lang}" for c in ("05", "06", "21") for lang in ("en", "es")
    ]
    assert jobs[0].parameters == {"entity_code": "05", "lang": "en"}


@pytest.mark.slow
def test_failure_path_cache_and_manifest(project):
    _good_notebook_param_cell_lang(project)
    reports = project / "reports"
    status = Build(_options(project)).run()
    assert status == 1  # a job failed: the build ends non-zero
    assert (reports / "html" / "good_en.html").exists() and (
        reports / "pdf" / "good_es.pdf"
    ).exists()
    assert (reports / "failed" / "bad.ipynb").exists()
    assert not (reports / "html" / "bad.html").exists()
    assert not (reports / "html" / "after_bad.html").exists()  # skipped: depends on bad
    failed_nb = nbformat.read(str(reports / "failed" / "bad.ipynb"), as_version=4)
    assert any(
        o.get("ename") == "ValueError" for c in failed_nb.cells for o in c.get("outputs", [])
    )
    manifest = json.loads((reports / "manifest.json").read_text())
    entry = manifest["jobs"]["good_en"]
    assert entry["parameters"] == {"value": 2, "lang": "en"}
    # the report, and its copy in the site with the site's header links
    assert set(entry["outputs"]) == {"executed", "html", "pdf", "site_html"}
    assert entry["lang"] == "en" and entry["translations"] == {"es": "good_es"}
    assert all(len(f["sha256"]) == 64 for f in entry["outputs"].values())
    assert {"python", "pandas", "matplotlib", "papermill", "nbconvert", "weasyprint"} <= set(
        manifest["versions"]
    )

    # nothing changed: the good jobs are cached, the earlier good report untouched
    before = (reports / "html" / "good_en.html").read_bytes()
    build = Build(_options(project, only="good"))
    assert build.run() == 0
    assert {o.status for o in build.outcomes.values() if o.status != "unselected"} == {"cached"}
    assert (reports / "html" / "good_en.html").read_bytes() == before

    # touching a file without changing it rebuilds nothing; changing the raw file rebuilds both
    (project / "raw.txt").touch()
    assert {o.status for o in _run(project, only="good").values()} == {"cached"}
    (project / "raw.txt").write_text("two\n")
    assert {o.status for o in _run(project, only="good").values()} == {"built"}
    # a parameter change rebuilds only that job
    specs = (project / "notebooks" / "reports.yml").read_text().replace("value: 2", "value: 3")
    (project / "notebooks" / "reports.yml").write_text(specs)
    assert {o.status for o in _run(project, only="good").values()} == {"built"}
    assert {o.status for o in _run(project, only="good").values()} == {"cached"}
    assert {o.status for o in _run(project, only="good", force=True).values()} == {"built"}


def _run(project, **kwargs):
    build = Build(_options(project, **kwargs))
    build.run()
    return {k: v for k, v in build.outcomes.items() if v.status != "unselected"}


def test_wrong_parameters_stop_the_job_before_any_cell_runs(project):
    (project / "notebooks" / "reports.yml").write_text("""
jobs:
  - id: unknown_name
    notebook: good.ipynb
    parameters: {valeu: 2}
  - id: wrong_type
    notebook: good.ipynb
    parameters: {value: "two"}
""")
    build = Build(_options(project))
    assert build.run() == 1
    assert "unknown parameter 'valeu'; allowed: value (int)" in build.outcomes["unknown_name"].error
    assert "must be int, got str" in build.outcomes["wrong_type"].error
    assert not (project / "reports" / "executed").exists() or not any(
        (project / "reports" / "executed").iterdir()
    )


def test_jobs_file_with_unknown_keys_is_refused(tmp_path):
    (tmp_path / "reports.yml").write_text(
        "jobs:\n  - id: a\n    notebook: a.ipynb\n    colour: red\n"
    )
    with pytest.raises(Exception, match="unknown keys \\['colour'\\]"):
        load_specs(tmp_path / "reports.yml")


def test_real_jobs_file_is_valid():
    specs = load_specs()
    assert specs[0].id == "01_clean_agreements"


@pytest.fixture(scope="module")
def built_report():
    """The real notebook 01 built into the project's reports folder (cached when up to date)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers.build.cli",
            "report",
            "--quiet",
            "--only",
            "01_clean_agreements",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return (
        REPORTS_DIR / "html" / "01_clean_agreements.html",
        REPORTS_DIR / "pdf" / "01_clean_agreements.pdf",
    )


@pytest.mark.slow
def test_html_is_self_contained(built_report):
    html = built_report[0].read_text(encoding="utf-8")
    addresses = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']""", html, re.IGNORECASE)
    # images embedded; the only other addresses are the header's links to the site and the
    # PDF, relative, beside reports/html/ (a report without a Spanish version has none)
    assert all(a.startswith("data:") for a in re.findall(r'<img[^>]*src="([^"]*)"', html))
    links = [a for a in addresses if not (a.startswith("#") or a.startswith("data:"))]
    assert links == ["../site/en/index.html", "../pdf/01_clean_agreements.pdf"]
    assert "<script" not in html.lower()
    assert "How to cite" in html and "Parameters" in html and "Data version" in html


def test_pdf_text_has_accents_last_column_and_page_numbers(built_report):
    reader = PdfReader(io.BytesIO(built_report[1].read_bytes()))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "Yucatán" in text and "Estado de México" in text
    assert "reported_status" in text.replace("\n", "").replace(" ", "") or "reported" in text
    assert "finished" in text  # a value of the wide table's last column
    n = len(pages)
    assert re.search(rf"\b1 / {n}\b", pages[0]) and re.search(rf"\b{n} / {n}\b", pages[-1])


def test_second_build_at_once_stops_with_a_clear_message(tmp_path):
    from filelock import FileLock

    REPORTS_DIR.mkdir(parents=True, exist_ok=True)
    with FileLock(str(REPORTS_DIR / ".build.lock")):
        result = subprocess.run(
            [sys.executable, "-m", "helpers.build.cli", "report", "--quiet"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
        )
    assert result.returncode == 2
    assert "another build is running" in result.stderr


@pytest.mark.slow
def test_a_job_that_fails_later_leaves_its_earlier_report_untouched(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks / "flaky.ipynb", "print('fine' * value)")
    (notebooks / "reports.yml").write_text("jobs:\n  - id: flaky\n    notebook: flaky.ipynb\n")
    assert Build(_options(tmp_path)).run() == 0
    html = tmp_path / "reports" / "html" / "flaky.html"
    before = html.read_bytes()
    make_notebook(notebooks / "flaky.ipynb", "raise RuntimeError('now broken')")
    build = Build(_options(tmp_path))
    assert build.run() == 1
    assert "RuntimeError: now broken" in build.outcomes["flaky"].error
    assert "cell" in build.outcomes["flaky"].error
    assert html.read_bytes() == before
    assert (tmp_path / "reports" / "failed" / "flaky.ipynb").exists()


def test_meaningless_values_are_refused_before_the_notebook_runs(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(
        notebooks / "years.ipynb",
        "open('ran.txt', 'w').write('ran')",
        parameters='lang: str = "en"  # en or es\nstart_year: int = 2000  # first year\n'
        "end_year: int = 2021  # last year\n",
    )
    (notebooks / "reports.yml").write_text(
        "jobs:\n"
        "  - id: french\n    notebook: years.ipynb\n    parameters: {lang: fr}\n"
        "  - id: backwards\n    notebook: years.ipynb\n    parameters: {start_year: 2022}\n"
    )
    build = Build(_options(tmp_path))
    assert build.run() == 1
    assert "parameter 'lang' is 'fr'; allowed: en, es" in build.outcomes["french"].error
    assert "start_year 2022 is after end_year 2021" in build.outcomes["backwards"].error
    assert not (tmp_path / "reports" / "executed").exists() or not list(
        (tmp_path / "reports" / "executed").iterdir()
    )


@pytest.mark.slow
def test_an_entry_waiting_on_cached_jobs_still_runs(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks / "step.ipynb", "print(value)")
    (notebooks / "reports.yml").write_text(
        "jobs:\n  - id: first\n    notebook: step.ipynb\n"
        "  - id: second\n    notebook: step.ipynb\n    parameters: {value: 2}\n"
        "    depends_on: [first]\n"
    )
    assert Build(_options(tmp_path)).run() == 0
    again = Build(_options(tmp_path))
    assert again.run() == 0
    assert {o.status for o in again.outcomes.values()} == {"cached"}


# --- what each job produced: one producer per file, checked by content ------------------------


def _writer_project(tmp_path, second_writes_same: bool = False):
    """Two jobs that write a table each through helpers.core.outputs, as the real notebooks do."""
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    out = tmp_path / "processed"
    body = (
        "from helpers.core.outputs import write_atomic\n"
        "write_atomic(target, f'value,{value}\\n')\n"
        "import os; os.write(2, b'noise from the kernel\\n')"
    )
    parameters = 'value: int = 1  # a number\ntarget: str = "x.csv"  # where\n'
    make_notebook(notebooks / "writer.ipynb", body, parameters=parameters)
    other = out / ("a.csv" if second_writes_same else "b.csv")
    (notebooks / "reports.yml").write_text(
        "jobs:\n"
        f"  - id: first\n    notebook: writer.ipynb\n    parameters: {{target: '{out / 'a.csv'}'}}\n"
        f"  - id: second\n    notebook: writer.ipynb\n    depends_on: [first]\n"
        f"    parameters: {{value: 2, target: '{other}'}}\n"
    )
    return out


@pytest.mark.slow
def test_the_build_records_what_each_job_produced_with_checksums(tmp_path, capfd):
    out = _writer_project(tmp_path)
    assert Build(_options(tmp_path)).run() == 0
    manifest = json.loads((tmp_path / "reports" / "manifest.json").read_text())
    produced = manifest["jobs"]["first"]["produced"]
    assert produced == {str(out / "a.csv"): hashlib.sha256(b"value,1\n").hexdigest()}
    assert list(manifest["jobs"]["second"]["produced"]) == [str(out / "b.csv")]
    stages = manifest["jobs"]["first"]["stages"]
    assert set(stages) == {"kernel_start", "execution", "html", "pdf"}
    assert all(seconds > 0 for seconds in stages.values())
    # the kernel's own stderr went to the job's log, not to the terminal
    terminal = capfd.readouterr()
    assert "noise from the kernel" not in terminal.out + terminal.err
    log = (tmp_path / "reports" / "logs" / "first.log").read_text()
    assert "noise from the kernel" in log


@pytest.mark.slow
def test_a_file_changed_or_removed_behind_the_builds_back_is_rebuilt(tmp_path):
    out = _writer_project(tmp_path)
    assert Build(_options(tmp_path)).run() == 0
    assert {o.status for o in _run(tmp_path).values()} == {"cached"}
    (out / "a.csv").write_text("value,99\n")  # a notebook run by hand, with other values
    outcomes = _run(tmp_path)
    assert outcomes["first"].status == "built" and outcomes["second"].status == "cached"
    assert (out / "a.csv").read_text() == "value,1\n"  # restored
    (out / "b.csv").unlink()
    outcomes = _run(tmp_path)
    assert outcomes["first"].status == "cached" and outcomes["second"].status == "built"
    assert (out / "b.csv").read_text() == "value,2\n"
    (tmp_path / "reports" / "html" / "first.html").write_text("edited")  # a report, too
    assert _run(tmp_path)["first"].status == "built"


@pytest.mark.slow
def test_two_jobs_that_write_the_same_file_are_refused(tmp_path):
    out = _writer_project(tmp_path, second_writes_same=True)
    build = Build(_options(tmp_path))
    assert build.run() == 1
    second = build.outcomes["second"]
    assert second.status == "failed"
    assert f"writes files that another job produces: {out / 'a.csv'} (by first)" in second.error


@pytest.mark.slow
def test_a_failure_names_the_cell_the_log_and_the_traceback(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks / "broken.ipynb", "numbers = [1, 2]\nnumbers[value * 5]")
    (notebooks / "reports.yml").write_text("jobs:\n  - id: broken\n    notebook: broken.ipynb\n")
    build = Build(_options(tmp_path))
    assert build.run() == 1
    printed = capsys.readouterr().out
    assert "FAILED broken: cell In[2] raised IndexError: list index out of range" in printed
    assert "log: " + str(tmp_path / "reports" / "logs" / "broken.log") in printed
    assert "numbers[value * 5]" in printed  # the failing cell's source
    log = (tmp_path / "reports" / "logs" / "broken.log").read_text()
    assert "IndexError" in log and "----> 2 numbers[value * 5]" in log


@pytest.mark.slow
def test_progress_prints_one_line_per_finished_job_when_not_on_a_terminal(tmp_path, capsys):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    make_notebook(notebooks / "step.ipynb", "print(value)")
    (notebooks / "reports.yml").write_text("jobs:\n  - id: only\n    notebook: step.ipynb\n")
    options = _options(tmp_path)
    options.quiet = False
    assert Build(options).run() == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[1/1] built   only (")
    assert lines[1].split() == ["job", "seconds", "outcome"]
    assert lines[2].startswith("only") and lines[2].endswith("built")
    assert lines[-2].startswith("reports: 1 built, 0 cached, 0 failed, 0 skipped (1 jobs) in ")
    assert lines[-1].startswith("site: 3 pages in ")  # the front pages and the landing page
    assert "\x1b" not in "\n".join(lines)  # no terminal control codes in a log


def test_a_report_title_comes_from_the_catalog_in_its_language_naming_the_entity(tmp_path):
    notebook = tmp_path / "profile.ipynb"
    make_notebook(
        notebook,
        "print(1)",
        parameters='lang: str = "en"  # language\npartner_country: str = "RU"  # ISO code\n'
        'entity_code: str = "01"  # INEGI code\n',
    )
    spanish = Job(
        "p", notebook, parameters={"lang": "es", "entity_code": "21"}, title_message="profile.title"
    )
    assert report_title(spanish) == "Puebla: diplomacia local con Rusia"
    english = Job(
        "p",
        notebook,
        parameters={"entity_code": "31", "partner_country": "JP"},
        title_message="profile.title",
    )
    assert report_title(english) == "Yucatán: local diplomacy with Japan"
    assert report_title(Job("p", notebook, title="As written")) == "As written"
    assert report_title(Job("p_id", notebook)) == "p_id"


def test_a_report_keeps_the_cells_of_its_language_and_every_untagged_cell():
    from nbformat.v4 import new_markdown_cell

    from helpers.report.render import in_language

    english, spanish = new_markdown_cell("Who engages"), new_markdown_cell("Quién participa")
    english.metadata["tags"], spanish.metadata["tags"] = ["lang-en"], ["lang-es"]
    plain = new_markdown_cell("| 1 |")
    assert [in_language(c, "es") for c in (english, spanish, plain)] == [False, True, True]
    assert [in_language(c, "en") for c in (english, spanish, plain)] == [True, False, True]
    how_to_run = new_markdown_cell("Run all cells")
    how_to_run.metadata["tags"] = ["lang-en", "notebook-only"]
    assert not in_language(how_to_run, "en") and not in_language(how_to_run, "es")
    unknown = new_markdown_cell("Qui")
    unknown.metadata["tags"] = ["lang-fr"]
    with pytest.raises(ValueError, match="lang-fr|\\['fr'\\]"):
        in_language(unknown, "en")


def test_a_report_knows_its_versions_in_other_languages():
    from helpers.build.jobs import with_translations

    notebook = PROJECT_ROOT / "notebooks" / "03_counts.ipynb"
    counts_en = Job("c_en", notebook, parameters={"lang": "en"})
    # the Spanish report writes no tables: where a report writes is not what it shows
    counts_es = Job("c_es", notebook, parameters={"lang": "es", "output_dir": ""})
    other_years = Job("c_es_2010", notebook, parameters={"lang": "es", "start_year": 2010})
    profile = Job(
        "p_es", PROJECT_ROOT / "notebooks" / "04_entity_profile.ipynb", parameters={"lang": "es"}
    )
    jobs = [counts_en, counts_es, other_years, profile]
    assert with_translations(counts_en, jobs).translations == (("es", "c_es"),)
    assert with_translations(counts_es, jobs).translations == (("en", "c_en"),)
    assert (
        with_translations(other_years, jobs).translations == ()
    )  # other years: not the same report
    # two candidates in one language: no link rather than a guess
    twin = Job("c_es_twin", notebook, parameters={"lang": "es"})
    assert with_translations(counts_en, [*jobs, twin]).translations == ()
    # a report without an explicit language has none
    assert with_translations(Job("c", notebook), jobs).translations == ()


def test_the_real_jobs_pair_each_report_with_its_other_language(tmp_path):
    build = Build(BuildOptions(processed_dir=tmp_path))
    static = {
        job.id: dict(job.translations)
        for spec in build.specs
        if not spec.for_each
        for job in build._spec_jobs(spec)
    }
    assert static["03_counts_en"] == {"es": "03_counts_es"}
    assert static["03_counts_es"] == {"en": "03_counts_en"}
    assert static["01_clean_agreements"] == {}
    spec = next(spec for spec in build.specs if spec.for_each)
    (tmp_path / "agreements.csv").write_text("entity_code\n21\n")
    (tmp_path / "interactions.csv").write_text("entity_code\n")
    profiles = {job.id: dict(job.translations) for job in build._spec_jobs(spec)}
    assert profiles == {
        "04_profile_21_en": {"es": "04_profile_21_es"},
        "04_profile_21_es": {"en": "04_profile_21_en"},
    }


def test_a_build_of_some_reports_warns_of_an_incomplete_site_and_a_whole_build_fixes_it(
    project, capfd
):
    _good_notebook_param_cell_lang(project)
    jobs = (project / "notebooks" / "reports.yml").read_text().split("  - id: bad")[0]
    (project / "notebooks" / "reports.yml").write_text(jobs)
    assert Build(_options(project, only="good_en")).run() == 0
    warning = capfd.readouterr().err
    assert "warning: the site is incomplete after a build of some reports (good_en)" in warning
    assert "reports/good_en.html: good_es.html: no such file in the site" in warning
    assert Build(_options(project)).run() == 0  # the whole build: the Spanish report is there
    assert "site" not in capfd.readouterr().err
    site = project / "reports" / "site"
    assert (site / "reports" / "good_es.html").is_file() and (site / "es" / "index.html").is_file()


def test_the_site_is_written_again_only_when_what_it_shows_changed(project):
    _good_notebook_param_cell_lang(project)
    jobs = (project / "notebooks" / "reports.yml").read_text().split("  - id: bad")[0]
    (project / "notebooks" / "reports.yml").write_text(jobs)
    assert Build(_options(project)).run() == 0
    front = project / "reports" / "site" / "en" / "index.html"
    written = front.stat().st_mtime_ns
    assert Build(_options(project)).run() == 0  # nothing changed: not written again
    assert front.stat().st_mtime_ns == written
    front.write_text("edited by hand")  # a file of the site changed: written again
    assert Build(_options(project)).run() == 0
    assert "edited by hand" not in front.read_text()
    (project / "raw.txt").write_text("three\n")  # a report changed: written again
    before = front.stat().st_mtime_ns
    assert Build(_options(project)).run() == 0
    assert front.stat().st_mtime_ns != before
