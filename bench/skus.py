"""How long `vip rules import-skus` takes for a SKU list of N rows, and the synthetic list it uses.

The list has Cisco-like SKUs for every subtrack of VIP 25 (`UCSC-C220-M4S-1042`, `WS-C3650-48PD-E-17`,
`L-ISE-BSE-100=`), each under the prefix of its product family, with rates around the subtrack's
written as Cisco's lists and European spreadsheets write them (`8%`, `8,0%`, `0,08`), the subtrack
by id or by name, `;`-separated. `tests/data/sku_list.csv` is `make_list(2400)` (the test of an
assessment against an imported list reads it). Timed: the import (reading, checking every row,
writing the rules file's text) and loading the edition it writes, each the median of `--repeat`.

    .venv/bin/python bench/skus.py [--rows 20000] [--repeat 3] [--write FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from vip.io.imports import import_skus, rules_text  # noqa: E402  (the checkout, not an installed copy)
from vip.io.rules import load_edition, load_rules  # noqa: E402

# Per subtrack: SKU stems under its families' prefixes, and the rates its SKUs take (in %).
STEMS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "core_wan": (("ISR4331/K9", "ISR4451-X", "ASR1001-X", "ASR920-24SZ", "CISCO1921/K9", "CISCO2911/K9",
                  "CISCO3945-SEC", "N7K-M348XP-25L", "C6800-32P10G", "WS-C6880-X"), ("4", "4", "3", "5")),
    "unified_access": (("WS-C2960X-48FPD-L", "WS-C3650-48PD-E", "WS-C3850-24T-S", "WS-C4500X-32SFP",
                        "AIR-CAP3702I-E-K9", "AIR-AP1852I-E-K9", "CT5520-K9", "CT8540-1K-K9"), ("6", "6", "7", "5")),
    "iot": (("IE-4000-8GT4G-E", "IE-2000-16TC-G", "IR809G-LTE-GA-K9", "IR829GW-LTE", "CGR-2010/K9"), ("6", "5")),
    "express_en": (("SG300-28PP", "SG350X-48P", "SG500-52", "C819G-4G-GA-K9", "C841M-4X-JSEC"), ("3", "3", "2")),
    "network_security": (("ASA5525-FPWR-K9", "ASA5545-K9", "FPR2110-NGFW-K9", "FPR4120-NGFW-K9",
                          "ISE-VM-K9=", "L-ISE-BSE-100=", "L-ISE-PLS-1Y"), ("14", "14", "12", "16")),
    "content_security": (("ESA-C390-K9", "WSA-S390-K9", "SMA-M390-K9", "ESA-C690-K9"), ("10", "9")),
    "express_security": (("ASA5506-K9", "ASA5506W-E-K9", "RV340-K9", "RV160W-E-K9"), ("7", "6")),
    "ucs": (("UCSC-C220-M4S", "UCSC-C240-M4SX", "UCSB-B200-M4", "UCSB-5108-AC2", "UCS-CPU-E52680E",
             "UCS-MR-1X322RV-A", "UCS-DIR-SVR-BASE", "UCS-DIR-LIC-1", "CUIC-TERM-RTU"), ("8", "8", "7", "12")),
    "unified_fabric": (("N2K-C2348UPQ", "N5K-C5672UP", "N9K-C9372PX", "N9K-C9508-B2", "DS-C9148S-12PK9",
                        "DS-C9396S-48EK9"), ("6", "5", "7")),
    "emerging_dc": (("APIC-CLUSTER-M2", "APIC-SERVER-L2", "N9K-C9336PQ", "N9K-C93180YC-EX", "UCSI-C3X60-014"),
                    ("10", "10", "9")),
    "unified_communications": (("CUCM-USR-LIC", "R-UCM-PMP-ESS", "LIC-CUCM-10X-ENH", "CP-8845-K9=", "CP-7821-K9=",
                                "CP-8865-3PCC-K9"), ("16", "16", "12")),
    "telepresence_video": (("CTS-SX80-IPST60-K9", "CTS-MX300G2-K9", "TTC7-21", "CTI-CMS-BASE-K9"), ("12", "11")),
    "express_collaboration": (("BE6K-ST-BDL-K9=", "BE6K-M5-XU", "BE7K-K9", "BE7K-M5-XU"), ("8", "7")),
}
NAMES = {"ucs": "Unified Computing (UCS)", "core_wan": "Core and WAN Services", "network_security": "Network Security",
         "unified_access": "Unified Access"}


def _rate(percent: str, i: int) -> str:
    """The same rate as the lists write it, in turn: `8%`, `8,0%`, `0,08`."""
    fraction = str(Decimal(percent) / 100).replace(".", ",")
    return (f"{percent}%", f"{percent},0%", fraction)[i % 3]


def make_list(n: int, seed: int = 25) -> str:
    """A SKU list of `n` rows as `;`-separated text: SKU, description, subtrack, rate."""
    rnd = random.Random(seed)
    subtracks = sorted(STEMS)
    out = ["SKU;Omschrijving;Subtrack;Rebate %"]
    seen: set[str] = set()
    i = 0
    while len(out) <= n:
        sid = subtracks[i % len(subtracks)]
        stems, rates = STEMS[sid]
        stem = rnd.choice(stems)
        sku = f"{stem.rstrip('=')}-{rnd.randrange(1, 10**4):04d}" + ("=" if stem.endswith("=") else "")
        i += 1
        if sku in seen:
            continue
        seen.add(sku)
        where = NAMES.get(sid, sid) if i % 2 else sid
        out.append(f"{sku};{stem} variant {i};{where};{_rate(rnd.choice(rates), i)}")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--write", metavar="FILE", help="write the list to FILE and stop")
    args = parser.parse_args()
    text = make_list(args.rows)
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        return
    base = load_rules(ROOT / "rules")["VIP25"]
    data = text.encode()
    imports, loads = [], []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "myvip25.yaml"
        for _ in range(args.repeat):
            t = time.perf_counter()
            imported = import_skus(data, "sku_list.csv", base, "MYVIP25")
            written = rules_text(imported)
            imports.append(time.perf_counter() - t)
            assert not imported.refused, imported.refused[:3]
            out.write_text(written, encoding="utf-8")
            t = time.perf_counter()
            load_edition(out)
            loads.append(time.perf_counter() - t)
    print(f"{args.rows:,} SKUs ({len(data) / 1e6:.1f} MB of CSV, {len(written) / 1e6:.1f} MB of rules): "
          f"import {statistics.median(imports):.2f} s, loading the edition {statistics.median(loads):.2f} s")


if __name__ == "__main__":
    main()
