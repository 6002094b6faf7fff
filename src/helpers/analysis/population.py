"""Events per million inhabitants, from INEGI's 2020 census population of each entity.

The population is reference data with its own provenance (a sidecar with its checksum), so
it is the one file the counts read themselves.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.core.paths import REFERENCE_DIR
from helpers.core.sources import read_raw_csv, require_reference_shape

CENSUS_FILE = REFERENCE_DIR / "censo_2020_entidades.csv"


def load_population(path: Path | str = CENSUS_FILE) -> pd.DataFrame:
    """2020 census population of the 32 entities (entity_code, population_2020).

    Read through the provenance check: the census table is raw reference data.
    """
    frame, _ = read_raw_csv(path, ["cve_geo", "pob_total_2020"])
    frame = frame.assign(entity_code=frame["cve_geo"].str.strip().str.zfill(2))
    frame = frame[frame["entity_code"] != "00"]  # the national total
    population = pd.DataFrame(
        {
            "entity_code": frame["entity_code"],
            "population_2020": frame["pob_total_2020"].astype("int64"),
        }
    )
    require_reference_shape(population, path, key="entity_code", first_line=2, rows=32)
    return population.reset_index(drop=True)


def counts_per_million(by_entity: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """counts_by_entity with 2020 population and events per million inhabitants.

    A rate helps compare an entity of few inhabitants with a populous one;
    rounded to two decimals. Sorted by the total rate, highest first.
    """
    table = by_entity.merge(population, on="entity_code", how="left", validate="1:1")
    missing = table.loc[table["population_2020"].isna(), "entity_code"].tolist()
    if missing:
        raise ValueError(f"no 2020 population for entity code(s) {missing}")
    for column in ("agreements", "interactions", "total"):
        table[f"{column}_per_million"] = (
            table[column] / table["population_2020"] * 1_000_000
        ).round(2)
    table["population_2020"] = table["population_2020"].astype("int64")
    return table.sort_values(
        ["total_per_million", "entity_code"], ascending=[False, True]
    ).reset_index(drop=True)
