"""Generate realistic synthetic activity records (kkg:Kegiatan) at any size, streamed to disk.

Every record follows the record profile (shapes/kegiatan.ttl): a type (jenis: and often a
jalur: path), a title, start and end dates, one or two organisers with a name and a kind,
speakers with a role, a participant count, lesson hours (JP), a mode, a place, topics, the
regulation a Sosialisasi explains, the technical problem a Bimtek addresses, sessions with a
method, and participants (ASN with an 18-digit NIP and an employment status).

``--fault-rate`` breaks that share of records (and of organisations and people) with one
fault each, cycling through every kind of fault the shapes catch (``--list-faults``).
Nothing is held in memory: organisations, people and records are written one at a time, and
each is derived from (seed, kind, index) alone, so the same arguments give byte-identical
files and any slice of a file can be regenerated independently.

    python benchmarks/generate_records.py 100000 -o /tmp/kegiatan-100k.nt --fault-rate 0.01
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kegiatan_kg.atomic import atomic_open  # noqa: E402
from kegiatan_kg.namespaces import (  # noqa: E402
    BASE,
    DCTERMS,
    JALUR,
    JENIS,
    KEPEGAWAIAN,
    KKG,
    METODE,
    MODA,
    PENYELENGGARA,
    PERAN,
    RDF,
    XSD,
)

#: Where synthetic records live (never mixed with the real examples' IRIs).
SYNTH = BASE + "sintetis/"
KEGIATAN = SYNTH + "kegiatan/"
ORGANISASI = SYNTH + "organisasi/"
ORANG = SYNTH + "orang/"

# ---------------------------------------------------------------------------- realistic parts

JENIS_JALUR = [
    # (jenis concept, paths it is often filed under, weight)
    ("seminar", ["KL06"], 18),
    ("lokakarya", ["KL07"], 8),
    ("workshop", ["KL07"], 10),
    ("sosialisasi-formal", ["KL11"], 12),
    ("sosialisasi-informal", [], 5),
    ("sosialisasi", ["KL11"], 4),
    ("bimbingan-teknis", ["KL10"], 22),
    ("diklat", ["KL01", "KL02", "KL03", "KL04", "KL05", "KL08", "KL09"], 14),
]
NONKLASIKAL = [f"NKL{i:02d}" for i in range(1, 14)]
TOPIK = [
    ("Pengelolaan Keuangan Daerah", "pengelolaan keuangan daerah"),
    ("Administrasi Kepegawaian", "administrasi kepegawaian"),
    ("Pengadaan Barang/Jasa Pemerintah", "pengadaan barang dan jasa"),
    ("Perencanaan Pembangunan Daerah", "perencanaan pembangunan"),
    ("Pelayanan Publik Berbasis Elektronik", "pelayanan publik"),
    ("Manajemen Arsip Dinamis", "kearsipan"),
    ("Penyusunan Analisis Jabatan", "analisis jabatan"),
    ("Akuntabilitas Kinerja Instansi Pemerintah", "akuntabilitas kinerja"),
    ("Keamanan Informasi dan Persandian", "keamanan informasi"),
    ("Reformasi Birokrasi dan Zona Integritas", "reformasi birokrasi"),
    ("Pengendalian Gratifikasi", "integritas"),
    ("Penyusunan Standar Pelayanan", "standar pelayanan"),
]
REGULASI = [
    "Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara",
    "Peraturan Pemerintah Nomor 11 Tahun 2017 tentang Manajemen Pegawai Negeri Sipil",
    "Peraturan Pemerintah Nomor 17 Tahun 2020",
    "Peraturan Lembaga Administrasi Negara Nomor 10 Tahun 2018",
    "Peraturan Presiden Nomor 16 Tahun 2018 tentang Pengadaan Barang/Jasa Pemerintah",
    "Peraturan Presiden Nomor 95 Tahun 2018 tentang Sistem Pemerintahan Berbasis Elektronik",
]
MASALAH = [
    "Selisih saldo kas pada laporan keuangan SKPD",
    "Data riwayat jabatan pegawai tidak sinkron di SIASN",
    "Paket pengadaan gagal tayang di SPSE",
    "Rencana kerja tidak selaras dengan RPJMD",
    "Arsip aktif menumpuk tanpa jadwal retensi",
]
WILAYAH = [
    "Kabupaten Sleman",
    "Kota Bandung",
    "Provinsi Jawa Barat",
    "Kabupaten Gowa",
    "Kota Surabaya",
    "Provinsi Sumatera Utara",
    "Kabupaten Banyuwangi",
    "Kota Makassar",
    "Provinsi Kalimantan Timur",
    "Kabupaten Badung",
    "Kota Padang",
    "Provinsi Papua",
]
ORG_KINDS = [
    ("BKPSDM", "instansi-pemerintah"),
    ("BPSDM", "instansi-pemerintah"),
    ("Badan Keuangan Daerah", "instansi-pemerintah"),
    ("Inspektorat", "instansi-pemerintah"),
    ("Ikatan Profesi Keuangan Publik", "lembaga-profesional"),
    ("PT Mitra Diklat Nusantara", "organisasi-komersial"),
    ("Yayasan Pendidikan Aparatur", "swasta"),
]
NAMA_DEPAN = [
    "Ahmad",
    "Siti",
    "Budi",
    "Dewi",
    "Rina",
    "Agus",
    "Maya",
    "Hendra",
    "Yuliana",
    "Joko",
    "Lina",
    "Rudi",
    "Nurul",
    "Teguh",
    "Sri",
    "Wahyu",
    "Endang",
    "Slamet",
]
NAMA_BELAKANG = [
    "Fauzi",
    "Kartika",
    "Santoso",
    "Lestari",
    "Wijaya",
    "Nurhaliza",
    "Prasetyo",
    "Sari",
    "Putri",
    "Susilo",
    "Marlina",
    "Hartono",
    "Hidayah",
    "Saputra",
    "Kurniawan",
    "Purwaningsih",
    "Haryadi",
    "Setiadi",
]
GELAR = ["Prof. Dr.", "Dr.", "Ir.", "Dra.", "Drs."]
PERAN_NARASUMBER = [
    "guru-besar",
    "pakar",
    "ahli",
    "praktisi",
    "widyaiswara",
    "fasilitator",
    "pejabat",
]
AHLI = {"guru-besar", "pakar", "ahli"}
MODA_VALUES = ["tatap-muka", "daring", "hibrida"]
TEMPAT = ["Aula Kantor {w}", "Hotel Grand Mercure, {w}", "Gedung Diklat {w}", "Zoom Meeting"]
YEAR = 2025


# ---------------------------------------------------------------------------- N-Triples terms


def iri(value: str) -> str:
    return f"<{value}>"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def lit(text: str, datatype: str | None = None, lang: str | None = None) -> str:
    body = f'"{_escape(text)}"'
    if lang:
        return f"{body}@{lang}"
    if datatype and datatype != str(XSD.string):
        return f"{body}^^<{datatype}>"
    return body


def integer(n: int) -> str:
    return lit(str(n), str(XSD.integer))


def decimal(x: float) -> str:
    # the canonical form (no trailing zeros): what every store writes back
    text = f"{x:.2f}".rstrip("0").rstrip(".")
    if "." not in text:
        text = text  # xsd:decimal "24" is canonical
    return lit(text, str(XSD.decimal))


def day(d: date) -> str:
    return lit(d.isoformat(), str(XSD.date))


A = iri(str(RDF.type))


def P(term) -> str:  # noqa: N802 - short helper for predicate IRIs
    return iri(str(term))


# ---------------------------------------------------------------------------- the model


def _rng(seed: int, kind: str, index: int) -> random.Random:
    return random.Random(f"{seed}:{kind}:{index}")


def nip_of(seed: int, index: int) -> str:
    """An 18-digit NIP: birth date (8), appointment month (6), sex (1), sequence (3)."""
    r = _rng(seed, "nip", index)
    born = date(1965, 1, 1) + timedelta(days=r.randrange(0, 365 * 35))
    appointed_year = min(max(born.year + r.randint(22, 30), 1990), 2024)
    return f"{born:%Y%m%d}{appointed_year}{r.randint(1, 12):02d}{r.randint(1, 2)}{index % 1000:03d}"


def person_iri(seed: int, index: int) -> str:
    return ORANG + f"asn-{index:07d}"


def speaker_iri(index: int) -> str:
    return ORANG + f"narasumber-{index:06d}"


def org_iri(index: int) -> str:
    return ORGANISASI + f"org-{index:06d}"


class Sizes:
    """How many organisations, speakers and participants a run of n records has."""

    def __init__(self, records: int) -> None:
        self.records = records
        self.orgs = max(10, records // 40)
        self.speakers = max(20, records // 10)
        self.people = max(30, records // 2)


# A record is a dict of predicate-IRI -> list of object terms (N-Triples text), plus the
# sessions' own triples; faults edit that dict before it is written.
Record = dict


def make_record(seed: int, i: int, sizes: Sizes) -> tuple[str, Record, list[tuple[str, Record]]]:
    r = _rng(seed, "kegiatan", i)
    subject = KEGIATAN + f"k-{i:07d}"
    jenis, paths, _ = r.choices(JENIS_JALUR, weights=[w for *_, w in JENIS_JALUR])[0]
    judul, topik = r.choice(TOPIK)
    wilayah = r.choice(WILAYAH)
    start = date(YEAR, 1, 1) + timedelta(days=r.randrange(0, 350))
    length = r.choice([0, 0, 0, 1, 2, 4]) if jenis != "diklat" else r.choice([4, 9, 20])
    end = start + timedelta(days=length)
    rec: Record = {
        A: [P(KKG.Kegiatan)],
        P(DCTERMS.identifier): [lit(f"SINT-{YEAR}-{i:07d}")],
        P(KKG.jenis): [P(JENIS[jenis])],
        P(KKG.tanggalMulai): [day(start)],
        P(KKG.tanggalSelesai): [day(end)],
        P(KKG.moda): [P(MODA[r.choice(MODA_VALUES)])],
        P(KKG.tempat): [lit(r.choice(TEMPAT).format(w=wilayah))],
        P(KKG.topik): [lit(topik)],
        P(KKG.jumlahPeserta): [integer(r.randint(10, 300))],
        P(KKG.jumlahJP): [decimal(max(1, length + 1) * r.choice([2, 4, 6, 8]) / 1)],
    }
    if paths and r.random() < 0.8:
        rec[P(KKG.jenis)].append(P(JALUR[r.choice(paths)]))
    elif jenis == "diklat" and r.random() < 0.5:
        rec[P(KKG.jenis)].append(P(JALUR[r.choice(NONKLASIKAL)]))
    label = jenis.replace("-", " ").title().replace("Formal", "").replace("Informal", "").strip()
    rec[P(KKG.judul)] = [lit(f"{label} {judul} {wilayah} {YEAR} Angkatan {i % 7 + 1}")]
    orgs = r.sample(range(sizes.orgs), k=r.choice([1, 1, 1, 2]))
    rec[P(KKG.diselenggarakanOleh)] = [iri(org_iri(o)) for o in orgs]
    n_speakers = r.choice([1, 1, 2, 3]) if jenis != "sosialisasi-informal" else r.choice([0, 1])
    speakers = r.sample(range(sizes.speakers), k=n_speakers)
    if jenis in ("seminar", "lokakarya") and speakers:
        # the article: led by experts; make sure one speaker is an expert
        speakers[0] = _expert_speaker(seed, speakers[0], sizes)
    if speakers:
        rec[P(KKG.narasumber)] = [iri(speaker_iri(s)) for s in speakers]
    if jenis.startswith("sosialisasi") or r.random() < 0.2:
        rec[P(KKG.regulasi)] = [lit(r.choice(REGULASI))]
    if jenis == "bimbingan-teknis":
        rec[P(KKG.masalahTeknis)] = [lit(r.choice(MASALAH))]
    participants = r.sample(range(sizes.people), k=min(sizes.people, r.randint(1, 8)))
    if jenis == "diklat":  # the article: a Diklat is for PNS
        participants = sorted({p - 1 if p % 5 == PPPK_PERSON else p for p in participants})
    rec[P(KKG.diikutiOleh)] = [iri(person_iri(seed, p)) for p in participants]
    if r.random() < 0.6:
        rec[P(KKG.nomorSertifikat)] = [lit(f"800/{i % 10000:04d}/SINT/{YEAR}")]
    sessions = []
    n_sessions = r.choice([0, 1, 2, 3]) if jenis not in ("workshop", "bimbingan-teknis") else 2
    for s in range(n_sessions):
        method = "teori" if s == 0 else "praktik"
        if jenis not in ("workshop", "bimbingan-teknis") and r.random() < 0.5:
            method = "teori"
        session_iri = subject + f"-sesi-{s + 1}"
        sessions.append(
            (
                session_iri,
                {
                    A: [P(KKG.Sesi)],
                    P(KKG.judul): [lit(f"Sesi {s + 1}: {topik}")],
                    P(KKG.metode): [P(METODE[method])],
                },
            )
        )
    if sessions:
        rec[P(KKG.sesi)] = [iri(s) for s, _ in sessions]
    return subject, rec, sessions


def _expert_speaker(seed: int, index: int, sizes: Sizes) -> int:
    for step in range(sizes.speakers):
        candidate = (index + step) % sizes.speakers
        if _speaker_role(seed, candidate) in AHLI:
            return candidate
    return index


def _speaker_role(seed: int, index: int) -> str:
    return _rng(seed, "narasumber", index).choice(PERAN_NARASUMBER)


def make_org(seed: int, index: int) -> tuple[str, Record]:
    r = _rng(seed, "organisasi", index)
    stem, kind = r.choice(ORG_KINDS)
    return org_iri(index), {
        A: [P(KKG.Organisasi)],
        P(KKG.nama): [lit(f"{stem} {r.choice(WILAYAH)} {index}")],
        P(KKG.jenisPenyelenggara): [P(PENYELENGGARA[kind])],
    }


def make_speaker(seed: int, index: int) -> tuple[str, Record]:
    r = _rng(seed, "narasumber-nama", index)
    role = _speaker_role(seed, index)
    name = f"{r.choice(GELAR)} {r.choice(NAMA_DEPAN)} {r.choice(NAMA_BELAKANG)}"
    return speaker_iri(index), {
        A: [P(KKG.Orang)],
        P(KKG.nama): [lit(name)],
        P(KKG.peran): [P(PERAN[role])],
    }


#: Every fifth person is a PPPK employee (the rest PNS); person 4 is PPPK and never faulty.
PPPK_PERSON = 4


def make_person(seed: int, index: int) -> tuple[str, Record]:
    r = _rng(seed, "orang", index)
    status = "pppk" if index % 5 == PPPK_PERSON else "pns"
    return person_iri(seed, index), {
        A: [P(KKG.Orang)],
        P(KKG.nama): [lit(f"{r.choice(NAMA_DEPAN)} {r.choice(NAMA_BELAKANG)}")],
        P(KKG.nip): [lit(nip_of(seed, index))],
        P(KKG.statusKepegawaian): [P(KEPEGAWAIAN[status])],
    }


# ---------------------------------------------------------------------------- faults


def _drop(pred) -> Callable[[Record], None]:
    def fault(rec: Record) -> None:
        rec.pop(P(pred), None)

    return fault


def _set(pred, *objects: str) -> Callable[[Record], None]:
    def fault(rec: Record) -> None:
        rec[P(pred)] = list(objects)

    return fault


def _add(pred, *objects: str) -> Callable[[Record], None]:
    def fault(rec: Record) -> None:
        rec.setdefault(P(pred), []).extend(objects)

    return fault


def _end_before_start(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.tanggalSelesai)] = [day(date(YEAR - 1, 12, 31))]
    rec[P(KKG.tanggalMulai)] = [day(date(YEAR, 1, 2))]


def _no_practice(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.jenis)] = [P(JENIS.workshop)]
    for _, s in sessions:
        s[P(KKG.metode)] = [P(METODE.teori)]


def _session_fault(change: Callable[[Record], None]):
    def fault(subject: str, rec: Record, sessions: list) -> None:
        if not sessions:
            session = subject + "-sesi-1"
            sessions.append((session, {A: [P(KKG.Sesi)], P(KKG.metode): [P(METODE.teori)]}))
            rec[P(KKG.sesi)] = [iri(session)]
        change(sessions[-1][1])

    return fault


def _no_theory(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.jenis)] = [P(JENIS.workshop)]
    for _, s in sessions:
        s[P(KKG.metode)] = [P(METODE.praktik)]


def _tanggal_tidak_valid(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.tanggalMulai)] = [lit(f"{YEAR}-02-30", str(XSD.date))]
    rec.pop(P(KKG.tanggalSelesai), None)


def _diklat_with_pppk(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.jenis)] = [P(JENIS.diklat)]
    rec[P(KKG.diikutiOleh)] = [iri(person_iri(0, PPPK_PERSON))]


def _seminar_without_expert(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.jenis)] = [P(JENIS.seminar), P(JALUR.KL06)]
    rec.pop(P(KKG.narasumber), None)


def _sosialisasi_without_subject(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.jenis)] = [P(JENIS["sosialisasi-formal"])]
    rec.pop(P(KKG.regulasi), None)
    rec.pop(P(KKG.topik), None)


def _bimtek_without_problem(subject: str, rec: Record, sessions: list) -> None:
    rec[P(KKG.jenis)] = [P(JENIS["bimbingan-teknis"])]
    rec.pop(P(KKG.masalahTeknis), None)


def _plain(fault: Callable[[Record], None]):
    return lambda subject, rec, sessions: fault(rec)


#: name -> function(subject, record, sessions) that breaks one rule of the profile.
RECORD_FAULTS: dict[str, Callable[[str, Record, list], None]] = {
    "tanpa-kelas": _plain(_drop(RDF.type)),
    "tanpa-jenis": _plain(_drop(KKG.jenis)),
    "jenis-bukan-konsep": _plain(_set(KKG.jenis, iri(KEGIATAN + "bukan-jenis"))),
    "jenis-literal": _plain(_set(KKG.jenis, lit("seminar"))),
    "tanpa-judul": _plain(_drop(KKG.judul)),
    "judul-bukan-teks": _plain(_set(KKG.judul, iri(ORGANISASI + "org-000002"))),
    "tanpa-tanggal-mulai": _plain(_drop(KKG.tanggalMulai)),
    "tanpa-tanggal-selesai": _plain(_drop(KKG.tanggalSelesai)),
    "tanggal-mulai-ganda": _plain(_add(KKG.tanggalMulai, day(date(YEAR, 1, 1)))),
    "tanggal-terbalik": _end_before_start,
    # an ill-typed date compared with another date makes pySHACL 0.40 raise a TypeError
    # (sh:lessThanOrEquals), so this fault also drops the end date
    "tanggal-tidak-valid": _tanggal_tidak_valid,
    "tanggal-bukan-tanggal": _plain(_set(KKG.tanggalSelesai, lit("minggu depan"))),
    "tanpa-penyelenggara": _plain(_drop(KKG.diselenggarakanOleh)),
    "penyelenggara-teks": _plain(_set(KKG.diselenggarakanOleh, lit("BKPSDM"))),
    "penyelenggara-tak-dikenal": _plain(
        _set(KKG.diselenggarakanOleh, iri(ORGANISASI + "tidak-terdaftar"))
    ),
    "narasumber-teks": _plain(_set(KKG.narasumber, lit("Dr. Anonim"))),
    "peserta-negatif": _plain(_set(KKG.jumlahPeserta, integer(-5))),
    "peserta-bukan-bilangan": _plain(_set(KKG.jumlahPeserta, lit("banyak"))),
    "peserta-ganda": _plain(_add(KKG.jumlahPeserta, integer(999))),
    "jp-negatif": _plain(_set(KKG.jumlahJP, decimal(-2.5))),
    "jp-bukan-bilangan": _plain(_set(KKG.jumlahJP, lit("dua jam"))),
    "jp-ganda": _plain(_add(KKG.jumlahJP, decimal(99))),
    "moda-salah": _plain(_set(KKG.moda, P(METODE.praktik))),
    "moda-ganda": _plain(_add(KKG.moda, P(MODA.daring), P(MODA["tatap-muka"]))),
    "tempat-bukan-teks": _plain(_set(KKG.tempat, iri(ORGANISASI + "org-000002"))),
    "topik-bukan-teks": _plain(_set(KKG.topik, P(JENIS.seminar))),
    "regulasi-bukan-teks": _plain(_set(KKG.regulasi, iri(ORGANISASI + "org-000002"))),
    "masalah-bukan-teks": _plain(_set(KKG.masalahTeknis, iri(ORGANISASI + "org-000002"))),
    "sertifikat-bukan-teks": _plain(_set(KKG.nomorSertifikat, iri(ORGANISASI + "org-000002"))),
    "identifier-ganda": _plain(_add(DCTERMS.identifier, lit("KODE-LAIN"))),
    "peserta-teks": _plain(_add(KKG.diikutiOleh, lit("Budi"))),
    "sesi-teks": _plain(_add(KKG.sesi, lit("sesi pagi"))),
    "sesi-tak-dikenal": _plain(_add(KKG.sesi, iri(KEGIATAN + "sesi-tidak-terdaftar"))),
    "sesi-tanpa-metode": _session_fault(lambda s: s.pop(P(KKG.metode), None)),
    "sesi-metode-salah": _session_fault(lambda s: s.__setitem__(P(KKG.metode), [P(MODA.daring)])),
    "sesi-judul-bukan-teks": _session_fault(
        lambda s: s.__setitem__(P(KKG.judul), [P(METODE.teori)])
    ),
    "workshop-tanpa-praktik": _no_practice,
    "workshop-tanpa-teori": _no_theory,
    "seminar-tanpa-ahli": _seminar_without_expert,
    "sosialisasi-tanpa-pokok": _sosialisasi_without_subject,
    "bimtek-tanpa-masalah": _bimtek_without_problem,
    "diklat-peserta-non-pns": _diklat_with_pppk,
}

ORG_FAULTS: dict[str, Callable[[Record], None]] = {
    "organisasi-tanpa-nama": _drop(KKG.nama),
    "organisasi-tanpa-jenis": _drop(KKG.jenisPenyelenggara),
    "organisasi-jenis-salah": _set(KKG.jenisPenyelenggara, P(MODA.daring)),
}
PERSON_FAULTS: dict[str, Callable[[Record], None]] = {
    "orang-tanpa-nama": _drop(KKG.nama),
    "nip-pendek": _set(KKG.nip, lit("19850312201001100")),
    "nip-huruf": _set(KKG.nip, lit("19850312201001100X")),
    "nip-bilangan": _set(KKG.nip, integer(198503122010011002)),
    "nip-ganda": _add(KKG.nip, lit("198503122010011009")),
    "status-salah": _set(KKG.statusKepegawaian, P(PERAN.pakar)),
    "status-ganda": _add(KKG.statusKepegawaian, P(KEPEGAWAIAN["non-asn"])),
}
SPEAKER_FAULTS: dict[str, Callable[[Record], None]] = {
    "narasumber-peran-salah": _set(KKG.peran, P(MODA.daring)),
    "narasumber-tanpa-nama": _drop(KKG.nama),
}

ALL_FAULTS = [
    *RECORD_FAULTS,
    *ORG_FAULTS,
    *PERSON_FAULTS,
    *SPEAKER_FAULTS,
]


def _faulty(seed: int, kind: str, index: int, rate: float, faults: dict) -> str | None:
    """Which fault (if any) item ``index`` gets: a share ``rate``, cycling through kinds."""
    if rate <= 0 or not faults:
        return None
    r = _rng(seed, "fault-" + kind, index)
    if r.random() >= rate:
        return None
    names = list(faults)
    return names[r.randrange(len(names))]


# ---------------------------------------------------------------------------- writing


def triples(subject: str, rec: Record) -> Iterator[str]:
    s = iri(subject)
    for predicate, objects in rec.items():
        for o in objects:
            yield f"{s} {predicate} {o} .\n"


#: Prefixes of the Turtle output (longest namespace first when compacting).
TURTLE_PREFIXES = {
    "kkg": str(KKG),
    "jenis": str(JENIS),
    "jalur": str(JALUR),
    "peran": str(PERAN),
    "penyelenggara": str(PENYELENGGARA),
    "metode": str(METODE),
    "moda": str(MODA),
    "kepegawaian": str(KEPEGAWAIAN),
    "dct": str(DCTERMS),
    "xsd": str(XSD),
    "kegiatan": KEGIATAN,
    "organisasi": ORGANISASI,
    "orang": ORANG,
}
_COMPACT = sorted(TURTLE_PREFIXES.items(), key=lambda item: -len(item[1]))


def _short(term: str) -> str:
    """``<iri>`` as ``prefix:local`` when the local name is plain (letters, digits, - _)."""
    if term == A:
        return "a"
    if term.startswith("<"):
        value = term[1:-1]
        for prefix, namespace in _COMPACT:
            if value.startswith(namespace):
                local = value[len(namespace) :]
                if local and all(c.isalnum() or c in "-_" for c in local) and local[-1] != "-":
                    return f"{prefix}:{local}"
                break
        return term
    if term.endswith(f"^^<{XSD}integer>"):
        lexical = term[1 : term.index('"', 1)]
        if lexical.lstrip("-").isdigit():
            return lexical
    if "^^<" in term:
        body, datatype = term.rsplit("^^", 1)
        return f"{body}^^{_short(datatype)}"
    return term


def turtle_block(subject: str, rec: Record) -> str:
    """One subject and its predicate-object lists as Turtle."""
    lines = []
    for predicate, objects in rec.items():
        if objects:
            lines.append(f"{_short(predicate)} {', '.join(_short(o) for o in objects)}")
    if not lines:
        return ""
    return f"{_short(iri(subject))} " + " ;\n    ".join(lines) + " .\n\n"


def turtle_header() -> str:
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in TURTLE_PREFIXES.items()) + "\n"


def generate(
    target: str | Path,
    records: int,
    *,
    seed: int = 1,
    fault_rate: float = 0.0,
    every_fault: bool = False,
) -> Counter:
    """Write ``records`` records (plus their organisations and people) as N-Triples, or as
    Turtle when ``target`` ends in ``.ttl``.

    Returns how many items got each kind of fault. ``every_fault`` makes the first items
    carry one fault of each kind, so that even a small file has every kind.
    """
    sizes = Sizes(records)
    counts: Counter = Counter()
    forced_records = list(RECORD_FAULTS) if every_fault else []
    forced_orgs = list(ORG_FAULTS) if every_fault else []
    forced_people = list(PERSON_FAULTS) if every_fault else []
    forced_speakers = list(SPEAKER_FAULTS) if every_fault else []
    as_turtle = Path(target).suffix.lower() in (".ttl", ".turtle")

    def block(subject: str, rec: Record) -> str:
        return turtle_block(subject, rec) if as_turtle else "".join(triples(subject, rec))

    with atomic_open(target, "w") as out:
        write = out.write
        if as_turtle:
            write(turtle_header())
        for i in range(sizes.orgs):
            subject, rec = make_org(seed, i)
            # organisations 0-2 are referenced by faults; keep them valid
            fault = forced_orgs[i - 3] if 3 <= i < 3 + len(forced_orgs) else None
            if fault is None and i >= 3:
                fault = _faulty(seed, "organisasi", i, fault_rate, ORG_FAULTS)
            if fault:
                ORG_FAULTS[fault](rec)
                counts[fault] += 1
            write(block(subject, rec))
        for i in range(sizes.speakers):
            subject, rec = make_speaker(seed, i)
            fault = forced_speakers[i] if i < len(forced_speakers) else None
            fault = fault or _faulty(seed, "narasumber", i, fault_rate, SPEAKER_FAULTS)
            if fault:
                SPEAKER_FAULTS[fault](rec)
                counts[fault] += 1
            write(block(subject, rec))
        for i in range(sizes.people):
            subject, rec = make_person(seed, i)
            # people 0-9 stay valid: faults refer to them
            fault = forced_people[i - 10] if 10 <= i < 10 + len(forced_people) else None
            if fault is None and i >= 10:
                fault = _faulty(seed, "orang", i, fault_rate, PERSON_FAULTS)
            if fault:
                PERSON_FAULTS[fault](rec)
                counts[fault] += 1
            write(block(subject, rec))
        for i in range(records):
            subject, rec, sessions = make_record(seed, i, sizes)
            fault = forced_records[i - 1] if 1 <= i < 1 + len(forced_records) else None
            if fault is None and i >= 1:  # record 0 stays valid: its id is reused by a fault
                fault = _faulty(seed, "kegiatan", i, fault_rate, RECORD_FAULTS)
            if fault:
                RECORD_FAULTS[fault](subject, rec, sessions)
                counts[fault] += 1
            write(block(subject, rec))
            for s, body in sessions:
                write(block(s, body))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("records", nargs="?", type=int, default=1000, help="number of records")
    parser.add_argument("-o", "--output", help="file to write: .nt (N-Triples) or .ttl (Turtle)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--fault-rate",
        type=float,
        default=0.0,
        help="share of records/organisations/people with one fault (0..1)",
    )
    parser.add_argument(
        "--every-fault", action="store_true", help="the first items carry one fault of each kind"
    )
    parser.add_argument("--list-faults", action="store_true", help="print the fault kinds")
    args = parser.parse_args(argv)
    if args.list_faults:
        print("\n".join(ALL_FAULTS))
        return 0
    if not args.output:
        parser.error("give -o FILE.nt or -o FILE.ttl")
    counts = generate(
        args.output,
        args.records,
        seed=args.seed,
        fault_rate=args.fault_rate,
        every_fault=args.every_fault,
    )
    total = sum(counts.values())
    print(f"{args.output}: {args.records} records, {total} faults", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
