#!/usr/bin/env python3
"""Independent GTFS counts for GeoIO tests, using only the Python standard library (csv, zipfile, datetime).

Usage: gtfs_counts.py FEED(.zip or folder) YYYYMMDD
Prints one line: stops=<rows of stops.txt> stops_kept=<stops called at by running trips + their parent stations>
trips=<rows of trips.txt> trips_running=<trips whose service runs on the date> stop_times=<rows of stop_times.txt>
stop_times_kept=<rows of running trips> empty_time_rows_kept=<kept rows with neither arrival nor departure>
transfers_expanded=<distinct platform pairs of transfers.txt, stations expanded to their platforms used that day>
and, when trip_short_name exists, trips_by_prefix=<letter:count,...> over running trips.

Service rule (GTFS reference): calendar.txt weekday flag and start_date <= date <= end_date, then calendar_dates.txt
exception_type 1 adds the service on that date, 2 removes it.
"""
import csv
import datetime
import io
import os
import sys
import zipfile
from collections import Counter


def open_table(feed, name):
    if os.path.isdir(feed):
        path = os.path.join(feed, name)
        if not os.path.exists(path):
            return None
        return open(path, newline="", encoding="utf-8-sig")
    z = zipfile.ZipFile(feed)
    names = [n for n in z.namelist() if n == name or n.endswith("/" + name)]
    if not names:
        return None
    return io.TextIOWrapper(z.open(names[0]), encoding="utf-8-sig", newline="")


def rows(feed, name):
    f = open_table(feed, name)
    if f is None:
        return []
    with f:
        return list(csv.DictReader(f))


def main():
    feed, day = sys.argv[1], sys.argv[2]
    date = datetime.date(int(day[:4]), int(day[4:6]), int(day[6:]))
    weekday = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][date.weekday()]
    active = set()
    for r in rows(feed, "calendar.txt"):
        if r[weekday].strip() == "1" and r["start_date"].strip() <= day <= r["end_date"].strip():
            active.add(r["service_id"].strip())
    for r in rows(feed, "calendar_dates.txt"):
        if r["date"].strip() == day:
            if r["exception_type"].strip() == "1":
                active.add(r["service_id"].strip())
            elif r["exception_type"].strip() == "2":
                active.discard(r["service_id"].strip())
    stops = rows(feed, "stops.txt")
    parent = {s["stop_id"].strip(): (s.get("parent_station") or "").strip() for s in stops}
    trips = rows(feed, "trips.txt")
    running = {t["trip_id"].strip(): t for t in trips if t["service_id"].strip() in active}
    stop_times = rows(feed, "stop_times.txt")
    used = set()
    kept = 0
    empty = 0
    for st in stop_times:
        if st["trip_id"].strip() in running:
            kept += 1
            used.add(st["stop_id"].strip())
            if not st["arrival_time"].strip() and not st["departure_time"].strip():
                empty += 1
    platforms_used = set(used)
    used |= {parent[s] for s in used if parent.get(s)}
    # transfers.txt expanded to platforms: a station stands for its platforms called at on the date;
    # types 3 (not possible), 4 and 5 (in-seat) are skipped.
    location_type = {s["stop_id"].strip(): (s.get("location_type") or "0").strip() or "0" for s in stops}
    children = {}
    for s in platforms_used:
        if parent.get(s):
            children.setdefault(parent[s], set()).add(s)

    def platforms(stop):
        if location_type.get(stop) == "1":
            return children.get(stop, set())
        return {stop} if stop in platforms_used else set()

    pairs = set()
    for t in rows(feed, "transfers.txt"):
        if (t.get("transfer_type") or "0").strip() in ("3", "4", "5"):
            continue
        for a in platforms(t["from_stop_id"].strip()):
            for b in platforms(t["to_stop_id"].strip()):
                pairs.add((a, b))
    out = (f"stops={len(stops)} stops_kept={len(used)} trips={len(trips)} trips_running={len(running)} "
           f"stop_times={len(stop_times)} stop_times_kept={kept} empty_time_rows_kept={empty} "
           f"transfers_expanded={len(pairs)}")
    if trips and "trip_short_name" in trips[0]:
        prefixes = Counter((t.get("trip_short_name") or "").strip()[:1] for t in running.values())
        out += " trips_by_prefix=" + ",".join(f"{k}:{v}" for k, v in sorted(prefixes.items()))
    print(out)


if __name__ == "__main__":
    main()
