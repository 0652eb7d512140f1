"""Loading into a real SPARQL server, and what happens when the server fails mid-load.

The server is a real ``oxigraph serve`` on 127.0.0.1 (tests/oxigraph_server.py); faults are
injected by a proxy in front of it (HTTP 500, no answer, the server killed) or by killing
the server itself. After every fault: the command exits non-zero naming the failing chunk,
the target graph holds exactly what it held before, and a retry leaves exactly the triples
of one clean load (isomorphic, so duplicated blank nodes would be caught).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from oxigraph_server import Fault
from rdflib import Graph
from rdflib.compare import isomorphic

from kegiatan_kg import loading
from kegiatan_kg.backends import Endpoint, OxigraphBackend, RemoteBackend, http_request
from kegiatan_kg.cli import main
from kegiatan_kg.errors import InputError
from kegiatan_kg.queries import normalise_term
from kegiatan_kg.remote import _chunks, _plan, count_triples, load_to_endpoint, staging_graph

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "muat"
EXAMPLES = sorted((REPO / "examples").glob("*.ttl"))
LAMA = DATA / "lama.ttl"
SIMPUL = DATA / "simpul-kosong.ttl"
TARGET = "https://w3id.org/kegiatan-kg/contoh/uji/graf-target"


def graph_of(url: str, graph: str | None) -> Graph:
    """The content of one graph of the server, through the Graph Store Protocol."""
    endpoint = Endpoint.from_url(url)
    where = "default" if graph is None else "graph=" + graph
    body = http_request(
        f"{endpoint.store}?{where}", headers={"Accept": "application/n-triples"}, timeout=10
    )
    return canonical(loading.parse_bytes(body, "nt", name="<server>"))


def canonical(graph: Graph) -> Graph:
    """Literals in canonical form: Oxigraph stores ``12.0`` (xsd:decimal) as ``12``."""
    result = Graph()
    for s, p, o in graph:
        result.add((s, p, normalise_term(o)))
    return result


def local(*files: Path) -> Graph:
    return canonical(loading.load(*files))


def files_triples(*files: Path) -> int:
    return len(local(*files))


def test_chunks_never_split_a_blank_node():
    plan = _plan(SIMPUL)
    assert plan.triples == len(local(SIMPUL))
    chunks = list(_chunks(SIMPUL, plan, 10))
    # _:jauh is used by the first and the last two triples: everything is one chunk
    assert len(chunks) == 1
    # without that blank node, chunks of 10 are cut only between the [ ... ] groups
    assert sum(len(c) for _, c in chunks) == plan.triples


def test_chunks_cut_where_no_blank_node_spans(tmp_path):
    path = tmp_path / "kelompok.ttl"
    path.write_text(
        "@prefix ex: <https://w3id.org/kegiatan-kg/contoh/uji/> .\n"
        + "".join(f"ex:s{i} ex:p [ ex:q {i} ; ex:r {i} ; ex:t {i} ] .\n" for i in range(10)),
        encoding="utf-8",
    )
    plan = _plan(path)
    assert plan.triples == 40
    sizes = [len(chunk) for _, chunk in _chunks(path, plan, 5)]
    # each [ ... ] is 4 triples that must stay together: cuts fall on multiples of 4
    assert sizes == [8, 8, 8, 8, 8]
    starts = [start for start, _ in _chunks(path, plan, 5)]
    assert starts == [0, 8, 16, 24, 32]


def test_load_blank_nodes_across_chunks_is_isomorphic(oxigraph_server):
    report = load_to_endpoint(oxigraph_server.query_url, [SIMPUL], TARGET, chunk_triples=7)
    assert report.triples == files_triples(SIMPUL)
    assert isomorphic(graph_of(oxigraph_server.query_url, TARGET), local(SIMPUL))


def test_load_cli_default_graph_and_vocabulary(oxigraph_server, capsys):
    code = main(
        ["load", "--endpoint", oxigraph_server.query_url, "--vocabulary", *map(str, EXAMPLES)]
    )
    assert code == 0
    from kegiatan_kg import load_vocabulary

    expected = load_vocabulary()
    loading.load(*EXAMPLES, graph=expected)
    assert isomorphic(graph_of(oxigraph_server.query_url, None), canonical(expected))
    from kegiatan_kg.vocabulary import vocabulary_files

    files = [*vocabulary_files(), *EXAMPLES]
    sent = sum(len(loading.load(f)) for f in files)  # per file: files repeat some triples
    assert capsys.readouterr().err == (
        f"sent {sent} triples from {len(files)} files in {len(files)} chunks to the default graph\n"
    )
    # nothing is left in the staging graph
    assert count_triples(oxigraph_server.query_url, staging_graph(None)) == 0


def _prepare_target(url: str) -> Graph:
    load_to_endpoint(url, [LAMA], TARGET)
    before = graph_of(url, TARGET)
    assert isomorphic(before, local(LAMA))
    return before


def _assert_one_clean_load(url: str) -> None:
    expected = local(LAMA, *EXAMPLES, SIMPUL)
    after = graph_of(url, TARGET)
    assert len(after) == len(expected)
    assert isomorphic(after, expected)


def _load_args(url: str, *extra: str) -> list[str]:
    files = [str(p) for p in (*EXAMPLES, SIMPUL)]
    return ["load", "--endpoint", url, "--graph", TARGET, "--chunk-triples", "100", *extra, *files]


def test_http_500_on_a_chunk(fault_proxy, oxigraph_server, capsys):
    before = _prepare_target(oxigraph_server.query_url)
    fault_proxy.fault = Fault("POST", "/store", 3, "500")
    code = main(_load_args(fault_proxy.query_url))
    error = capsys.readouterr().err
    assert code == 2
    assert "chunk 3 of" in error and "HTTP 500" in error and "unchanged" in error
    assert error.count("\n") == 1  # one readable line, no traceback
    assert isomorphic(graph_of(oxigraph_server.query_url, TARGET), before)
    # retry through the same proxy, now healthy: exactly one clean load
    fault_proxy.fault = None
    assert main(_load_args(fault_proxy.query_url)) == 0
    _assert_one_clean_load(oxigraph_server.query_url)


def test_server_never_answers_a_chunk(fault_proxy, oxigraph_server, capsys):
    before = _prepare_target(oxigraph_server.query_url)
    fault_proxy.fault = Fault("POST", "/store", 2, "hang")
    started = time.monotonic()
    code = main(_load_args(fault_proxy.query_url, "--timeout", "1"))
    elapsed = time.monotonic() - started
    error = capsys.readouterr().err
    assert code == 2
    assert "chunk 2 of" in error and "no answer" in error and "within 1 s" in error
    assert elapsed < 10
    assert isomorphic(graph_of(oxigraph_server.query_url, TARGET), before)
    fault_proxy.fault = None
    assert main(_load_args(fault_proxy.query_url, "--timeout", "5")) == 0
    _assert_one_clean_load(oxigraph_server.query_url)


def test_server_killed_mid_load(fault_proxy, oxigraph_server, capsys):
    before = _prepare_target(oxigraph_server.query_url)
    fault_proxy.fault = Fault("POST", "/store", 4, "kill")
    code = main(_load_args(fault_proxy.query_url, "--timeout", "5"))
    error = capsys.readouterr().err
    assert code == 2
    assert "chunk 4 of" in error
    assert oxigraph_server.process is None  # really gone
    oxigraph_server.start()  # same data folder, same port
    assert isomorphic(graph_of(oxigraph_server.query_url, TARGET), before)
    # the half-filled staging graph survived the crash; the retry starts it afresh
    assert count_triples(oxigraph_server.query_url, staging_graph(TARGET)) > 0
    assert main(_load_args(oxigraph_server.query_url)) == 0
    _assert_one_clean_load(oxigraph_server.query_url)
    assert count_triples(oxigraph_server.query_url, staging_graph(TARGET)) == 0


def test_final_move_fails(fault_proxy, oxigraph_server, capsys):
    before = _prepare_target(oxigraph_server.query_url)
    # update 1 clears the staging graph, update 2 moves it into the target
    fault_proxy.fault = Fault("POST", "/update", 2, "500")
    code = main(_load_args(fault_proxy.query_url))
    error = capsys.readouterr().err
    assert code == 2 and "final move failed" in error
    assert isomorphic(graph_of(oxigraph_server.query_url, TARGET), before)
    fault_proxy.fault = None
    assert main(_load_args(fault_proxy.query_url)) == 0
    _assert_one_clean_load(oxigraph_server.query_url)


def test_server_down_is_a_clear_error(capsys):
    from oxigraph_server import free_port

    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["load", "--endpoint", url, str(LAMA)]) == 2
    error = capsys.readouterr().err
    assert "cannot reach" in error and "staging graph" in error
    assert main(["query", "jenis-teori-praktik", "--endpoint", url]) == 2
    assert "cannot reach" in capsys.readouterr().err


def test_query_to_a_silent_server_times_out(silent_server):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"no answer from .* within 0.5 s"):
        RemoteBackend(silent_server, timeout=0.5).query("ASK {}")
    assert time.monotonic() - started < 5


def test_server_error_answer_is_reported(oxigraph_server):
    with pytest.raises(InputError, match="HTTP 400"):
        RemoteBackend(oxigraph_server.query_url).query("SELECT WHERE nonsense")


def test_syntax_error_is_reported_before_any_upload(oxigraph_server, tmp_path):
    bad = tmp_path / "rusak.ttl"
    bad.write_text("@prefix ex: <https://e.x/> .\nex:a ex:b .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_to_endpoint(oxigraph_server.query_url, [LAMA, bad], TARGET)
    assert caught.value.file == str(bad) and caught.value.line == 2
    assert count_triples(oxigraph_server.query_url, TARGET) == 0
    assert count_triples(oxigraph_server.query_url, staging_graph(TARGET)) == 0


def test_doctype_xml_refused_on_the_streaming_path(oxigraph_server, tmp_path):
    bad = tmp_path / "entitas.rdf"
    bad.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE r [<!ENTITY a "aaaa">]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="DOCTYPE"):
        load_to_endpoint(oxigraph_server.query_url, [bad])
    with pytest.raises(InputError, match="DOCTYPE"):
        OxigraphBackend(vocabulary=False).load([bad])


def test_load_to_store_twice_duplicates_nothing(tmp_path, capsys):
    store = tmp_path / "toko"
    files = [str(p) for p in EXAMPLES]  # records without blank nodes
    assert main(["load", "--store", str(store), "--vocabulary", *files]) == 0
    first = capsys.readouterr().err
    assert main(["load", "--store", str(store), "--vocabulary", *files]) == 0
    assert capsys.readouterr().err == first
    backend = OxigraphBackend(store, vocabulary=False)
    count = int(backend.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
    from kegiatan_kg import load_vocabulary

    expected = load_vocabulary()
    loading.load(*EXAMPLES, graph=expected)
    assert count == len(expected)


def test_named_graphs_on_a_store_and_a_server(tmp_path, oxigraph_server, capsys):
    files = [str(p) for p in EXAMPLES]
    graph = "https://w3id.org/kegiatan-kg/contoh/uji/graf-kegiatan"
    assert main(["query", "jp-pegawai", "--format", "csv", "--data", *files]) == 0
    in_memory = capsys.readouterr().out
    assert in_memory.count("\n") > 2
    store = str(tmp_path / "toko")
    assert main(["load", "--store", store, "--graph", graph, *files]) == 0
    assert main(["query", "jp-pegawai", "--format", "csv", "--store", store, "--graph", graph]) == 0
    assert capsys.readouterr().out == in_memory
    assert main(["query", "jp-pegawai", "--format", "csv", "--store", store]) == 0
    assert capsys.readouterr().out == "pegawai,nip,nama,totalJP,target,kekurangan\r\n"
    url = oxigraph_server.query_url
    assert main(["load", "--endpoint", url, "--graph", graph, "--vocabulary", *files]) == 0
    assert (
        main(["query", "jp-pegawai", "--format", "csv", "--endpoint", url, "--graph", graph]) == 0
    )
    assert capsys.readouterr().out.endswith(in_memory)
    assert main(["query", "jp-pegawai", "--format", "csv", "--endpoint", url]) == 0
    assert capsys.readouterr().out == "pegawai,nip,nama,totalJP,target,kekurangan\r\n"
    assert main(["query", "jp-pegawai", "--graph", graph]) == 2
    assert "give --store or --endpoint" in capsys.readouterr().err


def test_rdfxml_and_jsonld_files_load_like_turtle(tmp_path, oxigraph_server):
    source = loading.load(*EXAMPLES)
    xml = tmp_path / "kegiatan.rdf"
    xml.write_text(source.serialize(format="xml"), encoding="utf-8")
    jsonld = tmp_path / "kegiatan.jsonld"
    jsonld.write_text(source.serialize(format="json-ld"), encoding="utf-8")
    for path in (xml, jsonld):
        graph = f"https://w3id.org/kegiatan-kg/contoh/uji/{path.suffix[1:]}"
        load_to_endpoint(oxigraph_server.query_url, [path], graph, chunk_triples=100)
        assert isomorphic(graph_of(oxigraph_server.query_url, graph), canonical(source))


def test_an_endless_answer_is_cut_at_the_size_limit(endless_server, monkeypatch):
    monkeypatch.setenv("KEGIATAN_KG_MAX_BYTES", "1000000")
    started = time.monotonic()
    with pytest.raises(InputError, match="larger than the limit of 1000000 bytes"):
        RemoteBackend(endless_server.query_url, timeout=5).query("ASK {}")
    assert time.monotonic() - started < 5


def test_a_trickling_answer_is_cut_at_the_deadline(trickling_server):
    started = time.monotonic()
    with pytest.raises(InputError, match=r"did not end within 3 s"):
        RemoteBackend(trickling_server.query_url, timeout=0.3).query("ASK {}")
    assert time.monotonic() - started < 6


def test_remote_jsonld_context_is_not_fetched(oxigraph_server, tmp_path, silent_server):
    document = tmp_path / "konteks-jauh.jsonld"
    document.write_text(
        f'{{"@context": "{silent_server}", "@id": "https://e.x/a", "https://e.x/p": "b"}}',
        encoding="utf-8",
    )
    started = time.monotonic()
    with pytest.raises(InputError, match="not fetched"):
        load_to_endpoint(oxigraph_server.query_url, [document])
    with pytest.raises(InputError, match="not fetched"):
        OxigraphBackend(vocabulary=False).load([document])
    assert time.monotonic() - started < 2


def test_final_move_unconfirmed_says_the_outcome_is_unknown(fault_proxy, oxigraph_server, capsys):
    before = _prepare_target(oxigraph_server.query_url)
    fault_proxy.fault = Fault("POST", "/update", 2, "hang")
    code = main(_load_args(fault_proxy.query_url, "--move-timeout", "1"))
    error = capsys.readouterr().err
    assert code == 2
    assert "did not confirm the final move" in error and "--move-timeout" in error
    assert error.count("\n") == 1
    # here the proxy never passed the move on: the target is as it was, a retry completes
    assert isomorphic(graph_of(oxigraph_server.query_url, TARGET), before)
    fault_proxy.fault = None
    assert main(_load_args(fault_proxy.query_url)) == 0
    _assert_one_clean_load(oxigraph_server.query_url)


def test_move_timeout_grows_with_the_data():
    from kegiatan_kg.remote import move_timeout_for

    assert move_timeout_for(1_000, 60) == 60
    assert move_timeout_for(3_000_000, 60) == 600


def test_reopening_a_store_replaces_an_old_vocabulary(tmp_path):
    import pyoxigraph as ox

    from kegiatan_kg.backends import VOCABULARY_GRAPH

    store = tmp_path / "toko"
    old = OxigraphBackend(store)
    stale = ox.Quad(
        ox.NamedNode("https://w3id.org/kegiatan-kg/jenis/lama"),
        ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
        ox.Literal("Jenis lama", language="id"),
    )
    # as if an older release had this concept in its vocabulary
    old.store.add(stale)
    old.store.add(
        ox.Quad(stale.subject, stale.predicate, stale.object, ox.NamedNode(str(VOCABULARY_GRAPH)))
    )
    old.store.flush()
    ask = "ASK { <https://w3id.org/kegiatan-kg/jenis/lama> ?p ?o }"
    assert old.query(ask).rows[0][0].toPython() is True
    del old
    reopened = OxigraphBackend(store)
    assert reopened.query(ask).rows[0][0].toPython() is False
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    from kegiatan_kg import load_vocabulary

    assert int(reopened.query(count).rows[0][0]) == len(load_vocabulary())


def test_upload_draws_progress_on_a_terminal(oxigraph_server, capsys, monkeypatch):
    """Uploading and the final move draw progress lines when stderr is a terminal (forced
    here), counting triples up to all of them; off a terminal nothing is drawn."""
    load_to_endpoint(oxigraph_server.query_url, [SIMPUL], TARGET, chunk_triples=7)
    assert capsys.readouterr().err == ""
    monkeypatch.setenv("KEGIATAN_KG_PROGRESS", "1")
    report = load_to_endpoint(oxigraph_server.query_url, [SIMPUL], TARGET, chunk_triples=7)
    lines = capsys.readouterr().err.replace("\r", "\n").split("\n")
    uploading = [line for line in lines if line.startswith("mengunggah / uploading [")]
    assert (
        uploading and f"100.0% {report.triples} triples/{report.triples} triples" in uploading[-1]
    )
    assert any(line.startswith("memindahkan / moving into the target") for line in lines)
