"""Command line of the compendium.

``python -m helpers.build.cli report`` rebuilds every report (what ``make report`` runs);
``--list`` shows the jobs and whether each is up to date; ``--only PATTERN`` rebuilds
some; ``--force`` ignores the cache; ``--jobs N`` sets the parallel workers;
``--strict`` makes cleaning notebooks stop on any rejected row; ``--quiet`` hides the
progress line; ``--verbose`` shows every job's stages and log. ``archive`` zips the built
site, tables and terms into ``dist/`` (what ``make archive`` runs).
"""

from __future__ import annotations

import argparse
import sys

from filelock import FileLock, Timeout

from helpers.build.jobs import BuildError
from helpers.build.runner import Build, BuildOptions
from helpers.core.paths import REPORTS_DIR


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers.build.cli", description="Rebuild the compendium's reports."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="run the report jobs of notebooks/reports.yml")
    report.add_argument(
        "--list",
        action="store_true",
        dest="list_only",
        help="list the jobs and whether each is up to date, run nothing",
    )
    report.add_argument(
        "--only",
        default="",
        metavar="PATTERN",
        help="only jobs whose id matches (glob or substring)",
    )
    report.add_argument("--force", action="store_true", help="rebuild even up-to-date jobs")
    report.add_argument(
        "--jobs", type=int, default=0, metavar="N", help="parallel workers (default: one per core)"
    )
    report.add_argument(
        "--strict", action="store_true", help="cleaning notebooks stop on any rejected row"
    )
    report.add_argument("--quiet", action="store_true", help="no progress line, only the summary")
    report.add_argument(
        "--verbose",
        action="store_true",
        help="every job in the summary with its stages' seconds, and each job's log",
    )
    report.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start each notebook's kernel from scratch instead of forking a warm one",
    )
    report.add_argument(
        "--wait", action="store_true", help="wait for another running build instead of stopping"
    )
    archive = commands.add_parser(
        "archive", help="zip the built site, processed tables and terms into dist/ (make archive)"
    )
    archive.add_argument(
        "--out", default="", metavar="FOLDER", help="where to write (default dist/)"
    )
    return parser


def _archive(out: str) -> int:
    """Write the versioned archive of the last build (helpers.report.archive)."""
    from pathlib import Path

    from helpers.report.archive import DIST_DIR, build_archive
    from helpers.report.site_data import SiteError

    try:
        path = build_archive(
            REPORTS_DIR, BuildOptions().processed_dir, Path(out) if out else DIST_DIR
        )
    except SiteError as error:
        print(f"archive not written: {error}", file=sys.stderr)
        return 1
    print(f"archive: {path} ({path.stat().st_size} bytes)")
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    if arguments.command == "archive":
        return _archive(arguments.out)
    options = BuildOptions(
        only=arguments.only,
        force=arguments.force,
        jobs=arguments.jobs,
        strict=arguments.strict,
        quiet=arguments.quiet,
        verbose=arguments.verbose,
        list_only=arguments.list_only,
        fresh_kernels=arguments.fresh_kernels,
    )
    try:
        build = Build(options)
        if options.list_only:
            for job, _, up_to_date in build.plan():
                print(f"{'up to date' if up_to_date else 'to build  '}  {job.id}")
            return 0
        REPORTS_DIR.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(REPORTS_DIR / ".build.lock"))
        try:
            lock.acquire(timeout=-1 if arguments.wait else 0)
        except Timeout:
            print(
                "another build is running on these reports (reports/.build.lock); "
                "wait for it to finish, or run again with --wait",
                file=sys.stderr,
            )
            return 2
        try:
            return build.run()
        finally:
            lock.release()
    except BuildError as error:
        print(f"build error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
