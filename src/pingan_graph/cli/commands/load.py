"""pingan-graph load: load graphs into a persistent Oxigraph store, one named graph per document."""

from __future__ import annotations

import argparse

NAME = "load"
HELP = "load graphs into an on-disk Oxigraph store (one named graph per document; reloading replaces)"


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("graph", nargs="+", help="RDF file(s) to load")
    parser.add_argument(
        "--store", required=True, metavar="DIR", help="the store directory (created if missing)"
    )
    parser.add_argument("--clear", action="store_true", help="empty the store first")
    parser.add_argument(
        "--bulk",
        action="store_true",
        help="rebuild the store from big .ttl/.nt/.nq/.trig files with Oxigraph's streaming bulk loader "
        "(default graph; replaces the store once every file loaded)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print nothing on success")


def run(args: argparse.Namespace) -> int:
    from ...rdf.store import bulk_load, load

    if args.bulk:
        bulk = bulk_load(args.graph, args.store)
        if not args.quiet:
            print(f"{bulk.store}: built from {len(bulk.files)} file(s); the store holds {bulk.quads} quads")
        return 0

    report = load(args.graph, args.store, clear=args.clear)
    if not args.quiet:
        print(
            f"{report.store}: loaded {len(report.documents)} document graph(s) and "
            f"{report.default_triples} default-graph triples; the store holds {report.quads} quads"
        )
        for document in report.documents:
            print(f"  {document}")
    return 0
