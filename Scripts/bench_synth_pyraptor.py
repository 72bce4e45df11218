#!/usr/bin/env python3
"""pyraptor on the synthetic network's GTFS (`metrocommute-bench synth-network --gtfs DIR`, zipped).

Runs the peers' own `bench_pyraptor.py` child step (its adapter, pyraptor's `gtfs_to_pyraptor_timetable`, one-to-all
`RaptorAlgorithm.run` at 08:00 per origin, the connection-scan check, the 1-hour range query) on a feed it does not
list, in this process: the feed is added to its FEEDS table under --name, date 2016-03-10. Results (pyraptor.json
with the one row, pyraptor_arrivals_<name>.json) go to $PEERS_RESULTS (set it to a folder of their own, so the
peers' results of the real feeds stay). Run with the peers' venv-raptor python:

  PEERS_RESULTS=/tmp/peers/results-synth /tmp/peers/venv-raptor/bin/python Scripts/bench_synth_pyraptor.py \\
      /tmp/metrocommute-bench/surface/synthetic.zip --origins 20
"""
import argparse
import json
import os
import sys

PEERS = os.environ.get("PEERS_DIR", "/work/shared/peers")
sys.path.insert(0, PEERS)
import bench_pyraptor as B  # noqa: E402
import peerlib as P  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("feed", help="the GTFS zip")
    ap.add_argument("--name", default="synthetic")
    ap.add_argument("--date", default="20160310")
    ap.add_argument("--origins", type=int, default=20, help="a seeded sample of N stations (pyraptor takes seconds each)")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--range-origins", type=int, default=2)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    B.FEEDS[a.name] = (os.path.abspath(a.feed), a.date)
    r = B.child(a.name, a.origins, a.repeats, a.rounds, a.range_origins, a.seed)
    P.save_json("pyraptor.json", {"rows": [r]})
    keys = ["feed", "stations", "stops", "pyraptor_trips", "stop_times", "convert_s", "origins", "query_mean_s",
            "query_median_s", "range_median_s", "reached_mean", "peak_MB", "verify"]
    print(json.dumps({k: r.get(k) for k in keys}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
