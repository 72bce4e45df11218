#!/usr/bin/env python3
"""surface_dask: `metrocommute surface` in shards on Dask distributed, merged into the outputs of a one-process run.

    python3 Scripts/surface_dask.py NET.mcnet --shards N (--local-workers K | --scheduler tcp://HOST:PORT) \\
        [surface options…] -o OUT [--cells C] [--raster R] [--summary S] [-f FMT] [--timings-json T.json]
        [--retries 2] [--binary PATH]

Each of the N shards is one Dask task (`Client.map` over the shard indices) that runs
`metrocommute surface NET … --shard i/N --threads 1` on a worker and returns the shard file's text; the driver
collects them as they complete (`as_completed`, one progress line each on standard error), writes them to a
temporary folder and runs `metrocommute surface merge` into -o and the other outputs: byte-identical to one
`metrocommute surface` run with the same options. A task whose binary fails is retried (`retries=`); a task whose
worker dies is rescheduled by the scheduler on another worker (up to distributed.scheduler.allowed-failures).
Nothing is written to -o unless every shard succeeded (`surface merge` writes through a temporary file).

--local-workers K starts a LocalCluster on 127.0.0.1 (K worker processes of one thread, no dashboard), closed at
exit and on SIGINT/SIGTERM. --scheduler ADDR joins a running cluster (`dask scheduler`, `dask worker ADDR
--nthreads 1` on each machine); its workers need the binary and the network file at the same paths as here and
the same Python and Dask versions. Options that are not the driver's go to every shard's `surface` command.

Test-only hook: with SURFACE_DASK_TEST_KILL_SHARD=i in the driver's environment, the first attempt of shard i
kills its own worker process (SIGKILL) once the binary has started, so the tests can check that the shard is
rescheduled and the result unchanged; --timings-json then names the killed worker (test_killed_worker_pid).
It works where the workers share the driver's /tmp (a LocalCluster). Never set it otherwise.
"""
import argparse
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

PROG = "surface_dask"
ROOT = Path(__file__).resolve().parent.parent
# `surface` options the driver sets itself (each shard gets --shard i/N, --threads 1, -q and its own -o).
RESERVED = {"--shard", "--threads", "-o", "--output", "-q", "--quiet", "-v", "--verbose"}
# Exit status of the binary's usage errors (ArgumentParser's EX_USAGE): the same on every try, so never retried.
USAGE_ERROR = 64
TEST_KILL_ENV = "SURFACE_DASK_TEST_KILL_SHARD"


class DriverError(Exception):
    """One line for standard error, then exit 1."""


def error_line(stderr_text):
    """The binary's error: its first `Error:` line, else its last non-empty line."""
    lines = [line.strip() for line in stderr_text.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("Error:"):
            return line[len("Error:"):].strip()
    return lines[-1] if lines else "no message"


def run_shard(index, kill_marker, count, binary, network, surface_args, cwd):
    """A Dask task: one shard on this worker. Returns the shard's text, its start/end times, the binary's CPU seconds, pid and host.

    The binary runs in the driver's folder (`cwd`) with the network and the options as the user typed them, so
    relative paths resolve as in a one-process run and the provenance names the same files (byte-identical merge).

    The binary gets SIGKILL if this worker dies (setpriv --pdeathsig), so a lost worker leaves no orphan computing.
    Raises RuntimeError when the binary fails (Dask retries the task); returns {"error": …} for a usage error.
    """
    import resource
    import socket
    import subprocess
    started = time.time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # one task at a time per worker (one thread)
    with tempfile.TemporaryDirectory(prefix=f"surface-shard-{index}-") as scratch:
        out = os.path.join(scratch, f"{index}.shard")
        command = [binary, "surface", network, *surface_args, "--shard", f"{index}/{count}", "--threads", "1", "-q", "-o", out]
        setpriv = shutil.which("setpriv")
        if setpriv:
            command = [setpriv, "--pdeathsig", "KILL", "--", *command]
        try:
            process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE)
        except OSError as error:  # the binary or the driver's folder is not on this worker
            raise RuntimeError(f"cannot start {binary} in {cwd} on {socket.gethostname()}: {error.strerror}")
        if kill_marker is not None:
            try:  # the first attempt claims the marker and dies with its worker; later attempts find it
                marker = os.open(kill_marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                os.write(marker, str(os.getpid()).encode())
                os.close(marker)
                time.sleep(0.2)
                os.kill(os.getpid(), signal.SIGKILL)
            except FileExistsError:
                pass
        _, stderr = process.communicate()
        stderr = stderr.decode("utf-8", "replace")
        if process.returncode == USAGE_ERROR:
            return {"shard": index, "error": error_line(stderr)}
        if process.returncode != 0:
            if process.returncode < 0:
                raise RuntimeError(f"the binary was killed by signal {-process.returncode}")
            raise RuntimeError(error_line(stderr) if stderr.strip() else f"the binary exited with status {process.returncode}")
        with open(out, "rb") as handle:
            text = handle.read()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    return {"shard": index, "text": text, "start": started, "end": time.time(), "cpu_s": cpu, "pid": os.getpid(),
            "host": socket.gethostname()}


def find_binary(given):
    """--binary, else $METROCOMMUTE_BINARY, else the release then the debug build of this checkout, else PATH."""
    candidates = [given] if given else []
    if not given and os.environ.get("METROCOMMUTE_BINARY"):
        candidates.append(os.environ["METROCOMMUTE_BINARY"])
    if not candidates:
        candidates += [str(ROOT / ".build/release/metrocommute"), str(ROOT / ".build/debug/metrocommute")]
        candidates += [p for p in [shutil.which("metrocommute")] if p]
    for candidate in candidates:
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return os.path.abspath(candidate)
    if given:
        raise DriverError(f"--binary {given}: not an executable file")
    raise DriverError("no metrocommute binary: build it (swift build -c release --product metrocommute) or give --binary")


def parse(argv):
    usage = ("surface_dask.py NET.mcnet --shards N (--local-workers K | --scheduler tcp://HOST:PORT) "
             "[surface options…] -o OUT [--cells C | --raster R] [--summary S] [-f FMT]")
    parser = argparse.ArgumentParser(prog=PROG, usage=usage, allow_abbrev=False,
                                     description="metrocommute surface in shards on Dask distributed, then surface merge.",
                                     epilog="Other options go to every shard's `metrocommute surface` command.")
    parser.add_argument("--shards", type=int, required=True, help="number of shards (Dask tasks), 1…1000000")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--local-workers", type=int, metavar="K", help="start a LocalCluster of K one-thread worker processes on 127.0.0.1")
    where.add_argument("--scheduler", metavar="ADDR", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    parser.add_argument("-o", "--output", required=True, help="the merged surface (GeoJSON), as `surface -o`")
    # The outputs' options go to `surface merge`, which writes every output; the shards write shard files only.
    parser.add_argument("--raster", help="the grids when -o holds the cells (r.tif or r.asc), as `surface --raster`")
    parser.add_argument("--cells", help="the cell points when -o is a GeoTIFF, as `surface --cells`")
    parser.add_argument("--summary", help="a summary (.md or .json), as `surface --summary`")
    parser.add_argument("-f", "--output-format", help="format of the cells (geojson, gpkg, fgb, csv, shp), as `surface -f`")
    parser.add_argument("--output-crs", help="CRS of the cells, as `surface --output-crs`")
    parser.add_argument("--split-kinds", action="store_true", help="as `surface --split-kinds`")
    parser.add_argument("--styles", action="store_true", help="as `surface --styles`")
    parser.add_argument("--binary", help="the metrocommute binary (default: $METROCOMMUTE_BINARY, .build/release, .build/debug, PATH)")
    parser.add_argument("--retries", type=int, default=2, help="extra tries of a shard whose binary failed (default 2)")
    parser.add_argument("--connect-timeout", type=float, default=10, metavar="S", help="seconds to reach the scheduler (default 10)")
    parser.add_argument("--worker-timeout", type=float, default=60, metavar="S", help="seconds to wait for the first worker (default 60)")
    parser.add_argument("--timings-json", metavar="PATH", help="write each shard's start/end times, CPU seconds, worker pid and host as JSON")
    parser.add_argument("-q", "--quiet", action="store_true", help="only errors on standard error")
    if not argv or argv[0].startswith("-"):
        if argv and argv[0] in ("-h", "--help"):
            parser.print_help()
            sys.exit(0)
        raise DriverError("give the network file first: " + usage)
    args, passthrough = parser.parse_known_args(argv[1:])
    args.network = argv[0]
    for item in passthrough:
        if item.split("=", 1)[0] in RESERVED:
            raise DriverError(f"{item.split('=', 1)[0]} is set by the driver for each shard; leave it out")
    if not 1 <= args.shards <= 1_000_000:
        raise DriverError(f"--shards must be 1…1000000, not {args.shards}")
    if args.local_workers is not None and not 1 <= args.local_workers <= 256:
        raise DriverError(f"--local-workers must be 1…256, not {args.local_workers}")
    if args.retries < 0:
        raise DriverError("--retries must be 0 or more")
    if not os.path.isfile(args.network):
        raise DriverError(f"{args.network}: no such network file")
    args.surface_args = passthrough
    return args


def say(args, text):
    if not args.quiet:
        print(f"{PROG}: {text}", file=sys.stderr, flush=True)


def connect(args):
    """(client, cluster or None): a LocalCluster on 127.0.0.1, or the scheduler at --scheduler."""
    from distributed import Client, LocalCluster
    if args.scheduler:
        try:
            client = Client(args.scheduler, timeout=args.connect_timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise DriverError(f"cannot reach the Dask scheduler at {args.scheduler}: {reason}")
        try:
            client.wait_for_workers(1, timeout=args.worker_timeout)
        except (TimeoutError, OSError):
            client.close()
            raise DriverError(f"no Dask worker joined the scheduler at {args.scheduler} within {args.worker_timeout:g} s")
        return client, None
    # No dashboard; the scheduler's small HTTP server (health, metrics) on a free port of 127.0.0.1. Workers' own
    # error logs are silenced: the driver reports a failed shard itself, in one line.
    cluster = LocalCluster(n_workers=args.local_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                           silence_logs=logging.CRITICAL)
    client = Client(cluster, set_as_default=False)
    client.wait_for_workers(args.local_workers, timeout=args.worker_timeout)
    return client, cluster


def compute(args, client, binary, scratch):
    """Maps the shards, collects them as they complete; the shard files' paths and the timing rows."""
    from distributed import as_completed
    kill_shard = os.environ.get(TEST_KILL_ENV)
    kill_marker = os.path.join(scratch, "test-kill-claimed") if kill_shard is not None else None
    indices = list(range(args.shards))
    markers = [kill_marker if str(i) == kill_shard else None for i in indices]  # the test hook's shard only
    futures = client.map(run_shard, indices, markers, key=[f"surface-shard-{i}-of-{args.shards}" for i in indices],
                         count=args.shards, binary=binary, network=args.network, surface_args=args.surface_args, cwd=os.getcwd(),
                         retries=args.retries, pure=False)
    shard_of = {future.key: i for i, future in enumerate(futures)}
    paths, rows = [None] * args.shards, []
    try:
        for done, future in enumerate(as_completed(futures, loop=client.loop), start=1):
            i = shard_of[future.key]
            try:
                result = future.result()
            except Exception as error:  # the binary's error after the retries, or KilledWorker
                if type(error).__name__ == "KilledWorker":
                    raise DriverError(f"shard {i}/{args.shards}: its worker died on every try "
                                      "(distributed.scheduler.allowed-failures)")
                detail = str(error).splitlines()[0] if str(error) else type(error).__name__
                raise DriverError(f"shard {i}/{args.shards} failed after {args.retries + 1} tries: {detail}")
            if "error" in result:
                raise DriverError(f"shard {i}/{args.shards}: {result['error']}")
            paths[i] = os.path.join(scratch, f"{i}.shard")
            with open(paths[i], "wb") as handle:
                handle.write(result["text"])
            rows.append({key: result[key] for key in ("shard", "start", "end", "cpu_s", "pid", "host")})
            say(args, f"shard {i}/{args.shards} done in {result['end'] - result['start']:.1f} s "
                      f"(pid {result['pid']} on {result['host']}) — {done} of {args.shards}")
    finally:
        for future in futures:
            if not future.done():
                future.cancel()
    killed = None
    if kill_marker is not None and os.path.exists(kill_marker):
        with open(kill_marker) as handle:
            killed = int(handle.read())
    return paths, sorted(rows, key=lambda row: row["shard"]), killed


def merge(args, binary, paths):
    import subprocess
    command = [binary, "surface", "merge", *paths, "-o", args.output]
    for option, value in (("--raster", args.raster), ("--cells", args.cells), ("--summary", args.summary),
                          ("--output-format", args.output_format), ("--output-crs", args.output_crs)):
        if value is not None:
            command += [option, value]
    command += ["--split-kinds"] * args.split_kinds + ["--styles"] * args.styles
    if args.quiet:
        command.append("-q")
    merged = subprocess.run(command, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = merged.stderr.decode("utf-8", "replace")
    if merged.returncode != 0:
        raise DriverError(f"surface merge failed: {error_line(stderr)}")
    if not args.quiet:
        sys.stderr.write(stderr)


def write_json_atomically(path, value):
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".surface-dask-", suffix=".json")
    with os.fdopen(handle, "w") as out:
        json.dump(value, out, indent=1)
        out.write("\n")
    os.replace(temporary, path)


def main(argv):
    # A parent (a test runner) may have blocked these; the cluster's worker processes inherit the mask.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even where a shell started us with SIGINT ignored
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    try:
        args = parse(argv)
        binary = find_binary(args.binary)
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise DriverError("Dask distributed is missing: install it with `python3 -m pip install 'dask[distributed]'` "
                              "(Scripts/setup.sh does)")
    except DriverError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    scratch = tempfile.mkdtemp(prefix="surface-dask-")
    client = cluster = None
    started = time.time()
    try:
        client, cluster = connect(args)
        connected = time.time()
        workers = len(client.scheduler_info()["workers"])
        say(args, f"{args.shards} shards on {workers} worker{'s' if workers != 1 else ''} "
                  f"({'LocalCluster on 127.0.0.1' if cluster else args.scheduler}), binary {binary}")
        paths, rows, killed = compute(args, client, binary, scratch)
        computed = time.time()
        merge(args, binary, paths)
        if args.timings_json:
            write_json_atomically(args.timings_json, {
                "shards": args.shards, "workers": workers, "scheduler": args.scheduler or "LocalCluster",
                "binary": binary, "surface_args": args.surface_args, "started": started,
                "connect_s": connected - started, "shards_s": computed - connected, "merge_s": time.time() - computed, "runs": rows,
                **({"test_killed_worker_pid": killed} if killed is not None else {})})
        return 0
    except DriverError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; no output written", file=sys.stderr)
        return 130
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
