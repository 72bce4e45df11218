#!/usr/bin/env python3
"""pyraptor on the synthetic network's GTFS (`metrocommute-bench synth-network --gtfs DIR`, zipped).

Runs the peers' own `bench_pyraptor.py` child step (its adapter, pyraptor's `gtfs_to_pyraptor_timetable`, one-to-all
`RaptorAlgorithm.run` at 08:00 per origin, the connection-scan check, the 1-hour range query) on a feed it does not
list, in this process: the feed is added to its FEEDS table under --name, date 2016-03-10. Results (pyraptor.json
with the one row, pyraptor_arrivals_<name>.json) go to $PEERS_RESULTS (set it to a folder of their own, so the
peers' results of the real feeds stay). Run with the peers' venv-raptor python:

  PEERS_RESULTS=/tmp/peers/results-synth /tmp/peers/venv-raptor/bin/python Scripts/bench_synth_pyraptor.py \\
      /tmp/metrocommute-bench/surface/synthetic.zip --origins 20

pyraptor's conversion (`gtfs_to_pyraptor_timetable`) is quadratic in trips on a feed this size: a `Trip` is hashed
by its id, which is None until `Trips.add` numbers it, so every trip's k-th stop time lands in one hash chain of
`TripStopTimes.set_idx` (10 k trips x 110 stops: no result after 25 minutes). Unless --stock-convert is given,
each `Trip` gets at construction the number `Trips.add` will give it, so the chains are one long; the timetable
pyraptor queries is the same (the bench queries the pickled copy, whose dictionaries are rebuilt either way) and
the query code is pyraptor's own, unchanged.
"""
import argparse
import json
import os
import sys

PEERS = os.environ.get("PEERS_DIR", "/work/shared/peers")
sys.path.insert(0, PEERS)
import bench_pyraptor as B  # noqa: E402
import peerlib as P  # noqa: E402


def number_trips_when_made():
    """Give each pyraptor Trip, when made, the id Trips.add will give it (1, 2, ... per conversion)."""
    from pyraptor.gtfs import timetable as T
    from pyraptor.model import structures as S
    made = {"next": 1}
    plain_init, plain_convert = S.Trip.__init__, T.gtfs_to_pyraptor_timetable

    def init(self, *args, **kwargs):
        plain_init(self, *args, **kwargs)
        if self.id is None:
            self.id = made["next"]
            made["next"] += 1

    def convert(*args, **kwargs):
        made["next"] = 1
        return plain_convert(*args, **kwargs)

    S.Trip.__init__ = init
    T.gtfs_to_pyraptor_timetable = convert


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
    ap.add_argument("--stock-convert", action="store_true", help="pyraptor's conversion as shipped (quadratic here)")
    a = ap.parse_args()
    if not a.stock_convert:
        number_trips_when_made()
    B.FEEDS[a.name] = (os.path.abspath(a.feed), a.date)
    r = B.child(a.name, a.origins, a.repeats, a.rounds, a.range_origins, a.seed)
    P.save_json("pyraptor.json", {"rows": [r]})
    r["trip_ids_at_construction"] = not a.stock_convert
    keys = ["feed", "trip_ids_at_construction", "stations", "stops", "pyraptor_trips", "stop_times", "convert_s", "origins", "query_mean_s",
            "query_median_s", "range_median_s", "reached_mean", "peak_MB", "verify"]
    print(json.dumps({k: r.get(k) for k in keys}, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
