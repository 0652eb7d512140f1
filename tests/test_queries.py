# ruff: noqa: E501  (the expected rows below are kept one per line)
"""The named SPARQL queries: exact answers, three backends agreeing, safe parameters.

Every named query is run over the vocabulary plus the example records (examples/*.ttl) and
tests/data/queries/kegiatan-kurang-lengkap.ttl (records that miss what their type expects,
dated 2026). The expected rows were read from that data and checked by hand: e.g. a
Semiloka record counts for both Seminar and Lokakarya, a Sosialisasi formal record for
Sosialisasi.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import record_generator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef

from kegiatan_kg import RulesBroken, run_query
from kegiatan_kg.backends import OxigraphBackend, RdflibBackend, RemoteBackend
from kegiatan_kg.cli import main
from kegiatan_kg.errors import InputError
from kegiatan_kg.namespaces import JENIS, PREFIXES
from kegiatan_kg.queries import (
    QueryResult,
    bind_params,
    csv_safe,
    get_query,
    inject_values,
    list_queries,
    parse_header,
)
from kegiatan_kg.remote import count_triples, load_to_endpoint

REPO = Path(__file__).resolve().parent.parent
TESTDATA = Path(__file__).resolve().parent / "data" / "queries"
EXAMPLES = sorted((REPO / "examples").glob("*.ttl"))
DATA = [*EXAMPLES, TESTDATA / "kegiatan-kurang-lengkap.ttl"]
GEMA = TESTDATA / "gema.rq"
NAMES = [q.name for q in list_queries()]


def show(term) -> str | None:
    """A compact, exact spelling of a term: ``jenis:x``, ``<iri>``, ``text@id``, ``5^^xsd:decimal``."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        text = str(term)
        for prefix, namespace in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
            local = text[len(str(namespace)) :]
            if text.startswith(str(namespace)) and "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
        return f"<{text}>"
    if term.language:
        return f"{term}@{term.language}"
    if term.datatype:
        return f"{term}^^{show(URIRef(term.datatype))}"
    return str(term)


def shown(result: QueryResult, *, order: bool = False) -> list[tuple]:
    rows = result.sorted_rows() if order else result.rows
    return [tuple(show(t) for t in row) for row in rows]


# fmt: off
# EXPECTED-BEGIN
EXPECTED = {
    'definisi-istilah': (
        ('konsep', 'labelUtama', 'definisi', 'sumber'),
        [
            ('jalur:KL10', 'Bimbingan Teknis@id', 'Pemberian bantuan untuk memecahkan masalah tertentu yang bersifat teknis.@id', 'sumber:perlan-10-2018'),
            ('jenis:bimbingan-teknis', 'Bimbingan Teknis@id', 'Suatu kegiatan yang dimaksudkan untuk memberikan bantuan yang biasanya berupa tuntunan dan nasihat untuk menyelesaikan persoalan/masalah yang bersifat teknis.@id', 'sumber:artikel'),
        ],
    ),
    'jenis-dipimpin-ahli': (
        ('jenis', 'label'),
        [
            ('jenis:semiloka', 'Semiloka@id'),
            ('jenis:seminar', 'Seminar@id'),
            ('jenis:workshop', 'Workshop@id'),
        ],
    ),
    'jenis-teori-praktik': (
        ('jenis', 'label'),
        [
            ('jenis:workshop', 'Workshop@id'),
        ],
    ),
    'jenis-turunan': (
        ('turunan', 'notasi', 'label'),
        [
            ('jenis:sosialisasi-formal', None, 'Sosialisasi formal@id'),
            ('jenis:sosialisasi-informal', None, 'Sosialisasi informal@id'),
        ],
    ),
    'jp-pegawai': (
        ('pegawai', 'nip', 'nama', 'totalJP', 'target', 'kekurangan'),
        [
            ('<https://w3id.org/kegiatan-kg/contoh/orang/198306302008011003>', '198306302008011003', 'Iwan Setiawan', '0^^xsd:decimal', '20^^xsd:decimal', '20^^xsd:decimal'),
            ('<https://w3id.org/kegiatan-kg/contoh/orang/198702152011012001>', '198702152011012001', 'Neneng Sulastri', '0^^xsd:decimal', '20^^xsd:decimal', '20^^xsd:decimal'),
            ('<https://w3id.org/kegiatan-kg/contoh/orang/199108242015031002>', '199108242015031002', 'Dedi Mulyadi Saputra', '0^^xsd:decimal', '20^^xsd:decimal', '20^^xsd:decimal'),
            ('<https://w3id.org/kegiatan-kg/contoh/orang/199112082024211001>', '199112082024211001', 'Agus Prasetyo', '16^^xsd:decimal', '20^^xsd:decimal', '4^^xsd:decimal'),
            ('<https://w3id.org/kegiatan-kg/contoh/orang/199402022019032004>', '199402022019032004', 'Euis Rohaeti', '0^^xsd:decimal', '20^^xsd:decimal', '20^^xsd:decimal'),
            ('<https://w3id.org/kegiatan-kg/contoh/orang/199409172024212003>', '199409172024212003', 'Maya Sari', '18^^xsd:decimal', '20^^xsd:decimal', '2^^xsd:decimal'),
            ('<https://w3id.org/kegiatan-kg/contoh/orang/199503182022211002>', '199503182022211002', 'Yayan Sopyan', '0^^xsd:decimal', '20^^xsd:decimal', '20^^xsd:decimal'),
            ('<https://w3id.org/kegiatan-kg/contoh/orang/199607302020122001>', '199607302020122001', 'Lina Marlina', '18^^xsd:decimal', '20^^xsd:decimal', '2^^xsd:decimal'),
        ],
    ),
    'kegiatan-kurang-lengkap': (
        ('kegiatan', 'judul', 'jenis', 'masalah', 'pesan'),
        [
            ('<https://w3id.org/kegiatan-kg/contoh/uji/bimtek-tanpa-masalah>', 'Bimbingan Teknis Aplikasi Kepegawaian', 'jenis:bimbingan-teknis', 'tanpa-masalah-teknis', 'Bimbingan teknis tanpa masalah teknis yang ditangani'),
            ('<https://w3id.org/kegiatan-kg/contoh/uji/diklat-tanpa-jp>', 'Diklat Kepemimpinan', 'jenis:diklat', 'tanpa-jp', 'Diklat tanpa jumlah JP'),
            ('<https://w3id.org/kegiatan-kg/contoh/uji/semiloka-tanpa-ahli>', 'Semiloka Tata Kelola Arsip', 'jenis:lokakarya', 'tanpa-narasumber-ahli', 'Lokakarya tanpa narasumber ahli'),
            ('<https://w3id.org/kegiatan-kg/contoh/uji/semiloka-tanpa-ahli>', 'Semiloka Tata Kelola Arsip', 'jenis:seminar', 'tanpa-narasumber-ahli', 'Seminar tanpa narasumber ahli'),
            ('<https://w3id.org/kegiatan-kg/contoh/uji/sosialisasi-tanpa-isi>', 'Sosialisasi di Lingkungan Kerja', 'jenis:sosialisasi', 'tanpa-yang-disosialisasikan', 'Sosialisasi tidak menyebut regulasi atau topik yang disosialisasikan'),
            ('<https://w3id.org/kegiatan-kg/contoh/uji/workshop-tanpa-praktik>', 'Workshop Penyusunan Renstra', 'jenis:workshop', 'tanpa-sesi-praktik', 'Workshop tanpa sesi praktik'),
        ],
    ),
    'kegiatan-per-jenis-tahun': (
        ('jenis', 'label', 'tahun', 'jumlahKegiatan', 'totalJP'),
        [
            ('jalur:KL01', 'Pelatihan Struktural Kepemimpinan@id', '2024^^xsd:integer', '1^^xsd:integer', '372^^xsd:decimal'),
            ('jalur:KL04', 'Pelatihan Fungsional@id', '2024^^xsd:integer', '1^^xsd:integer', '80^^xsd:decimal'),
            ('jalur:KL10', 'Bimbingan Teknis@id', '2024^^xsd:integer', '1^^xsd:integer', '24^^xsd:decimal'),
            ('jalur:KL11', 'Sosialisasi@id', '2024^^xsd:integer', '1^^xsd:integer', '3^^xsd:decimal'),
            ('jalur:KL12', 'Jalur Klasikal Lainnya@id', '2024^^xsd:integer', '1^^xsd:integer', '14^^xsd:decimal'),
            ('jalur:NKL04', 'Pelatihan Jarak Jauh@id', '2024^^xsd:integer', '1^^xsd:integer', '20^^xsd:decimal'),
            ('jalur:NKL05', 'Detasering@id', '2024^^xsd:integer', '1^^xsd:integer', '40^^xsd:decimal'),
            ('jalur:NKL06', 'Pembelajaran Alam Terbuka@id', '2024^^xsd:integer', '1^^xsd:integer', '12^^xsd:decimal'),
            ('jalur:NKL08', 'Pertukaran antara PNS dengan Pegawai Swasta/BUMN/BUMD@id', '2024^^xsd:integer', '1^^xsd:integer', '60^^xsd:decimal'),
            ('jalur:NKL09', 'Belajar Mandiri@id', '2024^^xsd:integer', '1^^xsd:integer', '20^^xsd:decimal'),
            ('jalur:NKL11', 'Bimbingan di Tempat Kerja@id', '2024^^xsd:integer', '1^^xsd:integer', '16^^xsd:decimal'),
            ('jalur:NKL13', 'Jalur Nonklasikal Lainnya@id', '2024^^xsd:integer', '1^^xsd:integer', '20^^xsd:decimal'),
            ('jalur:pelatihan', 'Pelatihan@id', '2024^^xsd:integer', '12^^xsd:integer', '681^^xsd:decimal'),
            ('jalur:pelatihan-klasikal', 'Pelatihan Klasikal@id', '2024^^xsd:integer', '5^^xsd:integer', '493^^xsd:decimal'),
            ('jalur:pelatihan-nonklasikal', 'Pelatihan Nonklasikal@id', '2024^^xsd:integer', '7^^xsd:integer', '188^^xsd:decimal'),
            ('jenis:bimbingan-teknis', 'Bimbingan Teknis@id', '2024^^xsd:integer', '1^^xsd:integer', '24^^xsd:decimal'),
            ('jenis:diklat', 'Pendidikan dan Pelatihan@id', '2024^^xsd:integer', '2^^xsd:integer', '452^^xsd:decimal'),
            ('jenis:lokakarya', 'Lokakarya@id', '2024^^xsd:integer', '1^^xsd:integer', '12^^xsd:decimal'),
            ('jenis:seminar', 'Seminar@id', '2024^^xsd:integer', '1^^xsd:integer', '6^^xsd:decimal'),
            ('jenis:sosialisasi', 'Sosialisasi@id', '2024^^xsd:integer', '1^^xsd:integer', '3^^xsd:decimal'),
            ('jenis:workshop', 'Workshop@id', '2024^^xsd:integer', '1^^xsd:integer', '24^^xsd:decimal'),
            ('jalur:KL01', 'Pelatihan Struktural Kepemimpinan@id', '2025^^xsd:integer', '1^^xsd:integer', '300^^xsd:decimal'),
            ('jalur:KL02', 'Pelatihan Manajerial@id', '2025^^xsd:integer', '2^^xsd:integer', '54^^xsd:decimal'),
            ('jalur:KL03', 'Pelatihan Teknis@id', '2025^^xsd:integer', '2^^xsd:integer', '72^^xsd:decimal'),
            ('jalur:KL04', 'Pelatihan Fungsional@id', '2025^^xsd:integer', '1^^xsd:integer', '81^^xsd:decimal'),
            ('jalur:KL05', 'Pelatihan Sosial Kultural@id', '2025^^xsd:integer', '1^^xsd:integer', '16^^xsd:decimal'),
            ('jalur:KL06', 'Seminar/Konferensi/Sarasehan@id', '2025^^xsd:integer', '2^^xsd:integer', '10^^xsd:decimal'),
            ('jalur:KL07', 'Workshop atau Lokakarya@id', '2025^^xsd:integer', '2^^xsd:integer', '36^^xsd:decimal'),
            ('jalur:KL08', 'Kursus@id', '2025^^xsd:integer', '2^^xsd:integer', '52^^xsd:decimal'),
            ('jalur:KL09', 'Penataran@id', '2025^^xsd:integer', '1^^xsd:integer', '12^^xsd:decimal'),
            ('jalur:KL10', 'Bimbingan Teknis@id', '2025^^xsd:integer', '2^^xsd:integer', '40^^xsd:decimal'),
            ('jalur:KL11', 'Sosialisasi@id', '2025^^xsd:integer', '1^^xsd:integer', '4^^xsd:decimal'),
            ('jalur:NKL01', 'Coaching@id', '2025^^xsd:integer', '1^^xsd:integer', '10^^xsd:decimal'),
            ('jalur:NKL02', 'Mentoring@id', '2025^^xsd:integer', '1^^xsd:integer', '12^^xsd:decimal'),
            ('jalur:NKL03', 'E-learning@id', '2025^^xsd:integer', '2^^xsd:integer', '23^^xsd:decimal'),
            ('jalur:NKL07', 'Patok Banding@id', '2025^^xsd:integer', '1^^xsd:integer', '18^^xsd:decimal'),
            ('jalur:NKL10', 'Komunitas Belajar@id', '2025^^xsd:integer', '1^^xsd:integer', '3^^xsd:decimal'),
            ('jalur:NKL12', 'Magang/Praktik Kerja@id', '2025^^xsd:integer', '1^^xsd:integer', '60^^xsd:decimal'),
            ('jalur:pelatihan', 'Pelatihan@id', '2025^^xsd:integer', '24^^xsd:integer', '803^^xsd:decimal'),
            ('jalur:pelatihan-klasikal', 'Pelatihan Klasikal@id', '2025^^xsd:integer', '17^^xsd:integer', '677^^xsd:decimal'),
            ('jalur:pelatihan-nonklasikal', 'Pelatihan Nonklasikal@id', '2025^^xsd:integer', '7^^xsd:integer', '126^^xsd:decimal'),
            ('jenis:bimbingan-teknis', 'Bimbingan Teknis@id', '2025^^xsd:integer', '2^^xsd:integer', '40^^xsd:decimal'),
            ('jenis:diklat', 'Pendidikan dan Pelatihan@id', '2025^^xsd:integer', '5^^xsd:integer', '404^^xsd:decimal'),
            ('jenis:lokakarya', 'Lokakarya@id', '2025^^xsd:integer', '1^^xsd:integer', '12^^xsd:decimal'),
            ('jenis:seminar', 'Seminar@id', '2025^^xsd:integer', '2^^xsd:integer', '10^^xsd:decimal'),
            ('jenis:sosialisasi', 'Sosialisasi@id', '2025^^xsd:integer', '2^^xsd:integer', '6^^xsd:decimal'),
            ('jenis:sosialisasi-formal', 'Sosialisasi formal@id', '2025^^xsd:integer', '1^^xsd:integer', '4^^xsd:decimal'),
            ('jenis:sosialisasi-informal', 'Sosialisasi informal@id', '2025^^xsd:integer', '1^^xsd:integer', '2^^xsd:decimal'),
            ('jenis:workshop', 'Workshop@id', '2025^^xsd:integer', '1^^xsd:integer', '24^^xsd:decimal'),
            ('jalur:KL10', 'Bimbingan Teknis@id', '2026^^xsd:integer', '1^^xsd:integer', '16^^xsd:decimal'),
            ('jalur:pelatihan', 'Pelatihan@id', '2026^^xsd:integer', '1^^xsd:integer', '16^^xsd:decimal'),
            ('jalur:pelatihan-klasikal', 'Pelatihan Klasikal@id', '2026^^xsd:integer', '1^^xsd:integer', '16^^xsd:decimal'),
            ('jenis:bimbingan-teknis', 'Bimbingan Teknis@id', '2026^^xsd:integer', '1^^xsd:integer', '16^^xsd:decimal'),
            ('jenis:diklat', 'Pendidikan dan Pelatihan@id', '2026^^xsd:integer', '1^^xsd:integer', '0^^xsd:decimal'),
            ('jenis:lokakarya', 'Lokakarya@id', '2026^^xsd:integer', '1^^xsd:integer', '6^^xsd:decimal'),
            ('jenis:semiloka', 'Semiloka@id', '2026^^xsd:integer', '1^^xsd:integer', '6^^xsd:decimal'),
            ('jenis:seminar', 'Seminar@id', '2026^^xsd:integer', '2^^xsd:integer', '10^^xsd:decimal'),
            ('jenis:sosialisasi', 'Sosialisasi@id', '2026^^xsd:integer', '1^^xsd:integer', '2^^xsd:decimal'),
            ('jenis:sosialisasi-informal', 'Sosialisasi informal@id', '2026^^xsd:integer', '1^^xsd:integer', '2^^xsd:decimal'),
            ('jenis:workshop', 'Workshop@id', '2026^^xsd:integer', '1^^xsd:integer', '8^^xsd:decimal'),
        ],
    ),
    'pemetaan-lan': (
        ('jenis', 'relasi', 'jalur', 'notasi', 'catatan'),
        [
            ('jenis:bimbingan-teknis', 'skos:exactMatch', 'jalur:KL10', 'KL10^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL10 (Bimbingan Teknis) dengan skos:exactMatch: nama sama dan inti definisinya sama (bantuan untuk memecahkan masalah yang bersifat teknis); instansi memakai keduanya secara bergantian. Tidak ada jenis lain yang dipetakan ke KL10, sehingga sifat transitif exactMatch tidak menyamakan dua jenis.@id'),
            ('jenis:diklat', 'skos:narrowMatch', 'jalur:KL01', 'KL01^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL01, jalur:KL02, jalur:KL03, jalur:KL04 dan jalur:KL05 dengan skos:narrowMatch: pelatihan struktural kepemimpinan, manajerial, teknis, fungsional dan sosial kultural adalah diklat dalam arti artikel (dahulu Diklat Kepemimpinan, Diklat Teknis, Diklat Fungsional).@id'),
            ('jenis:diklat', 'skos:narrowMatch', 'jalur:KL02', 'KL02^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL01, jalur:KL02, jalur:KL03, jalur:KL04 dan jalur:KL05 dengan skos:narrowMatch: pelatihan struktural kepemimpinan, manajerial, teknis, fungsional dan sosial kultural adalah diklat dalam arti artikel (dahulu Diklat Kepemimpinan, Diklat Teknis, Diklat Fungsional).@id'),
            ('jenis:diklat', 'skos:narrowMatch', 'jalur:KL03', 'KL03^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL01, jalur:KL02, jalur:KL03, jalur:KL04 dan jalur:KL05 dengan skos:narrowMatch: pelatihan struktural kepemimpinan, manajerial, teknis, fungsional dan sosial kultural adalah diklat dalam arti artikel (dahulu Diklat Kepemimpinan, Diklat Teknis, Diklat Fungsional).@id'),
            ('jenis:diklat', 'skos:narrowMatch', 'jalur:KL04', 'KL04^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL01, jalur:KL02, jalur:KL03, jalur:KL04 dan jalur:KL05 dengan skos:narrowMatch: pelatihan struktural kepemimpinan, manajerial, teknis, fungsional dan sosial kultural adalah diklat dalam arti artikel (dahulu Diklat Kepemimpinan, Diklat Teknis, Diklat Fungsional).@id'),
            ('jenis:diklat', 'skos:narrowMatch', 'jalur:KL05', 'KL05^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL01, jalur:KL02, jalur:KL03, jalur:KL04 dan jalur:KL05 dengan skos:narrowMatch: pelatihan struktural kepemimpinan, manajerial, teknis, fungsional dan sosial kultural adalah diklat dalam arti artikel (dahulu Diklat Kepemimpinan, Diklat Teknis, Diklat Fungsional).@id'),
            ('jenis:diklat', 'skos:closeMatch', 'jalur:pelatihan', None, 'Pemetaan ke jalur:pelatihan dengan skos:closeMatch: dalam judul kegiatan dan riwayat diklat kepegawaian, "diklat" dipakai untuk pelatihan, sehingga keduanya dapat saling menggantikan dalam pencarian; tidak sama persis (dan bukan narrowMatch) karena pelatihan menurut peraturan juga mencakup seminar, workshop, sosialisasi dan jalur nonklasikal, yang oleh artikel dibedakan dari diklat, sedangkan diklat menurut namanya juga mencakup pendidikan.@id'),
            ('jenis:diklat', 'skos:relatedMatch', 'jalur:pendidikan', None, 'Pemetaan ke jalur:pendidikan dengan skos:relatedMatch: diklat adalah "pendidikan dan pelatihan", tetapi artikel tidak menyebut tugas belajar pada pendidikan formal, yang menjadi isi bentuk pendidikan menurut peraturan.@id'),
            ('jenis:lokakarya', 'skos:broadMatch', 'jalur:KL07', 'KL07^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL07 (Workshop atau Lokakarya) dengan skos:broadMatch: peraturan menggabungkan lokakarya dan workshop dalam satu jalur, sedangkan artikel membedakannya. skos:exactMatch tidak dipakai karena bersifat transitif dan akan menyamakan Lokakarya dengan Workshop.@id'),
            ('jenis:semiloka', 'skos:broadMatch', 'jalur:KL06', 'KL06^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL06 dengan skos:broadMatch: bagian seminar dari semiloka termasuk jalur Seminar/Konferensi/Sarasehan.@id'),
            ('jenis:semiloka', 'skos:broadMatch', 'jalur:KL07', 'KL07^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL07 dengan skos:broadMatch: bagian lokakarya dari semiloka termasuk jalur Workshop atau Lokakarya.@id'),
            ('jenis:seminar', 'skos:broadMatch', 'jalur:KL06', 'KL06^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL06 (Seminar/Konferensi/Sarasehan) dengan skos:broadMatch: jalur KL06 lebih luas karena juga mencakup konferensi dan sarasehan.@id'),
            ('jenis:sosialisasi', 'skos:closeMatch', 'jalur:KL11', 'KL11^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL11 (Sosialisasi) dengan skos:closeMatch: dalam pengembangan kompetensi keduanya berarti memasyarakatkan pengetahuan atau kebijakan, tetapi sosialisasi dalam artikel juga mencakup proses sosial (teori peranan, sosialisasi di sekolah atau antarteman), sehingga tidak sama persis.@id'),
            ('jenis:sosialisasi-formal', 'skos:relatedMatch', 'jalur:KL11', 'KL11^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL11 dengan skos:relatedMatch: sosialisasi formal berlangsung melalui lembaga yang berwenang (sekolah, pendidikan militer), sedangkan KL11 adalah kegiatan instansi untuk memasyarakatkan kebijakan kepada PNS; keduanya bertumpang tindih tanpa saling mencakup.@id'),
            ('jenis:sosialisasi-informal', 'skos:relatedMatch', 'jalur:NKL10', 'NKL10^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:NKL10 (Komunitas Belajar) dengan skos:relatedMatch: sosialisasi informal terjadi dalam pergaulan (teman, klub, kelompok sosial), dan komunitas belajar adalah bentuk belajar bersama dalam kelompok sebaya; keduanya berkaitan tetapi tidak sama.@id'),
            ('jenis:workshop', 'skos:broadMatch', 'jalur:KL07', 'KL07^^kkg:KodeJalurLAN', 'Pemetaan ke jalur:KL07 (Workshop atau Lokakarya) dengan skos:broadMatch: jalur KL07 juga mencakup lokakarya, yang oleh artikel dibedakan dari workshop. skos:exactMatch tidak dipakai karena bersifat transitif.@id'),
        ],
    ),
    'peserta-jenis': (
        ('peserta', 'label'),
        [
            ('peserta:asn', 'Aparatur Sipil Negara@id'),
            ('peserta:mengenal-topik', 'Peserta yang mengenal topik@id'),
            ('peserta:peserta-aktif', 'Peserta yang berpartisipasi aktif@id'),
        ],
    ),
    'tujuan-diklat': (
        ('tujuan', 'label', 'induk'),
        [
            ('tujuan:kompetensi-iptek-baru', 'Kompetensi menerapkan iptek baru@id', 'tujuan:diklat-berbasis-kompetensi'),
            ('tujuan:kompetensi-jabatan-lebih-tinggi', 'Kompetensi untuk jabatan yang lebih tinggi@id', 'tujuan:diklat-berbasis-kompetensi'),
            ('tujuan:kompetensi-jabatan-saat-ini', 'Kompetensi jabatan yang diduduki@id', 'tujuan:diklat-berbasis-kompetensi'),
            ('tujuan:pembangunan-karakter', 'Pembangunan karakter dan jati diri@id', 'tujuan:peningkatan-kemampuan-pns'),
            ('tujuan:pengembangan-teknologi-informasi', 'Pengembangan teknologi informasi@id', 'tujuan:peningkatan-kemampuan-pns'),
            ('tujuan:peningkatan-kapasitas-asn', 'Peningkatan kapasitas ASN@id', 'tujuan:peningkatan-kualitas-pelayanan-publik'),
            ('tujuan:peningkatan-kemampuan-pns', 'Peningkatan kemampuan PNS@id', 'tujuan:peningkatan-kapasitas-asn'),
            ('tujuan:penumbuhan-nilai-moral', 'Penumbuhan nilai moral dan kecerdasan spiritual@id', 'tujuan:peningkatan-kemampuan-pns'),
            ('tujuan:perubahan-cultural-set', 'Perubahan cultural set aparatur@id', 'tujuan:peningkatan-kemampuan-pns'),
            ('tujuan:perubahan-paradigma', 'Perubahan paradigma dan pola pikir@id', 'tujuan:peningkatan-kemampuan-pns'),
        ],
    ),
    'tujuan-jenis': (
        ('tujuan', 'label'),
        [
            ('tujuan:memperoleh-pengalaman', 'Memperoleh pengalaman@id'),
            ('tujuan:mengajari-peserta', 'Mengajari peserta@id'),
            ('tujuan:pembahasan-masalah-tertentu', 'Pembahasan masalah tertentu@id'),
            ('tujuan:penggalian-aspek-khusus', 'Penggalian aspek khusus@id'),
            ('tujuan:peningkatan-kapasitas-asn', 'Peningkatan kapasitas ASN@id'),
        ],
    ),
}

# EXPECTED-END
# fmt: on


@pytest.fixture(scope="module")
def rdflib_backend():
    backend = RdflibBackend()
    backend.load(DATA)
    return backend


@pytest.fixture(scope="module")
def oxigraph_backend():
    backend = OxigraphBackend()
    backend.load(DATA)
    return backend


@pytest.fixture(scope="module")
def remote_backend(oxigraph_server_module):
    load_to_endpoint(oxigraph_server_module.query_url, DATA, vocabulary=True)
    return RemoteBackend(oxigraph_server_module.query_url, timeout=30)


def test_every_competency_question_has_a_query_and_an_expectation():
    wanted = {
        "jenis-teori-praktik",
        "jenis-dipimpin-ahli",
        "tujuan-jenis",
        "peserta-jenis",
        "jenis-turunan",
        "tujuan-diklat",
        "definisi-istilah",
        "pemetaan-lan",
        "kegiatan-per-jenis-tahun",
        "jp-pegawai",
        "kegiatan-kurang-lengkap",
    }
    assert wanted <= set(NAMES)
    assert set(EXPECTED) == set(NAMES)
    for query in list_queries():
        assert query.titles.keys() >= {"id", "en"}, query.name
        assert query.descriptions.keys() >= {"id", "en"}, query.name


@pytest.mark.parametrize("name", NAMES)
def test_named_query_exact_rows(name, rdflib_backend):
    query = get_query(name)
    result = rdflib_backend.query(query.text, bind_params(query))
    variables, rows = EXPECTED[name]
    assert tuple(result.vars) == variables
    assert shown(result) == rows  # in the query's own ORDER BY


def test_jp_pegawai_agrees_with_a_count_in_python(rdflib_backend):
    """The JP totals recomputed from the triples, without SPARQL."""
    from decimal import Decimal

    from kegiatan_kg.namespaces import KKG

    graph = rdflib_backend.graph
    totals: dict = {}
    for person in graph.subjects(KKG.nip, None):
        totals[person] = Decimal(0)
    for record in set(graph.subjects(KKG.diikutiOleh, None)):
        start = graph.value(record, KKG.tanggalMulai)
        if start is None or not str(start).startswith("2025"):
            continue
        jp = graph.value(record, KKG.jumlahJP)
        for person in graph.objects(record, KKG.diikutiOleh):
            totals[person] = totals.get(person, Decimal(0)) + (jp.toPython() if jp else 0)
    below = {person: total for person, total in totals.items() if total < 20}
    result = run_query("jp-pegawai", DATA)
    assert {row[0]: row[3].toPython() for row in result.rows} == below


NOT_A_NUMBER = """
@prefix kkg: <https://w3id.org/kegiatan-kg/ontologi#> .
@prefix jenis: <https://w3id.org/kegiatan-kg/jenis/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://contoh.example/> .
ex:asn kkg:nip "199001012015031001" ; kkg:nama "Ani" .
ex:k1 a kkg:Kegiatan ; kkg:jenis jenis:seminar ; kkg:tanggalMulai "2025-02-03"^^xsd:date ;
    kkg:jumlahJP 4 ; kkg:diikutiOleh ex:asn .
ex:k2 a kkg:Kegiatan ; kkg:jenis jenis:seminar ; kkg:tanggalMulai "2025-05-06"^^xsd:date ;
    kkg:jumlahJP "dua jam" ; kkg:diikutiOleh ex:asn .
"""


@pytest.mark.parametrize("name", ["jp-pegawai", "kegiatan-per-jenis-tahun"])
def test_jp_that_is_not_a_number_counts_as_zero_on_every_backend(name, tmp_path):
    """SUM over "dua jam" fails in rdflib and is unbound in Oxigraph; the queries count it
    as 0 so that both answer, with the same rows (validation reports the value)."""
    data = tmp_path / "jp.ttl"
    data.write_text(NOT_A_NUMBER, encoding="utf-8")
    query = get_query(name)
    answers = []
    for backend in (RdflibBackend(), OxigraphBackend()):
        backend.load([data])
        answers.append(backend.query(query.text, bind_params(query)))
    assert shown(answers[0]) == shown(answers[1])
    rows = shown(answers[0])
    if name == "jp-pegawai":
        assert [(row[1], row[3]) for row in rows] == [("199001012015031001", "4^^xsd:decimal")]
    else:
        seminar = [row for row in rows if row[0] == "jenis:seminar"]
        assert [(row[2], row[3], row[4]) for row in seminar] == [
            ("2025^^xsd:integer", "2^^xsd:integer", "4^^xsd:decimal")
        ]


@pytest.mark.parametrize("name", NAMES)
def test_three_backends_agree(name, rdflib_backend, oxigraph_backend, remote_backend):
    query = get_query(name)
    bindings = bind_params(query)
    results = {
        "rdflib": rdflib_backend.query(query.text, bindings),
        "oxigraph": oxigraph_backend.query(query.text, bindings),
        "remote": remote_backend.query(query.text, bindings),
    }
    reference = results["rdflib"]
    assert reference.rows, f"{name}: the data should give rows"
    for backend, result in results.items():
        assert result.vars == reference.vars, backend
        assert result.sorted_rows() == reference.sorted_rows(), backend


def test_parameters_change_the_answer():
    lokakarya = run_query("tujuan-jenis", DATA, {"jenis": "jenis:lokakarya", "lang": "en"})
    assert shown(lokakarya) == [
        (
            "tujuan:pembahasan-masalah-keahlian",
            "Discussing problems of one's field of expertise@en",
        ),
        ("tujuan:pencarian-solusi", "Finding solutions@en"),
        ("tujuan:peningkatan-kapasitas-asn", "Capacity building of civil servants@en"),
    ]
    # a narrower type inherits the purposes of its broader types
    formal = run_query("tujuan-jenis", [], {"jenis": f"<{JENIS['sosialisasi-formal']}>"})
    umum = run_query("tujuan-jenis", [], {"jenis": str(JENIS.sosialisasi)})
    assert formal.rows == umum.rows and formal.rows
    # any label, any case, any language
    webinar = run_query("definisi-istilah", [], {"label": "WEBINAR", "lang": "en"})
    assert [show(r[0]) for r in webinar.rows] == ["jenis:seminar"]
    # a higher target lists more employees
    below_50 = run_query("jp-pegawai", DATA, {"target": "50"})
    below_20 = run_query("jp-pegawai", DATA)
    added = {r[2] for r in below_50.rows} - {r[2] for r in below_20.rows}
    assert added == {Literal("Dewi Lestari")}  # 43 JP in 2025
    # the year filter of kegiatan-per-jenis-tahun
    only_2026 = run_query("kegiatan-per-jenis-tahun", DATA, {"tahun": "2026"})
    assert {show(r[2]) for r in only_2026.rows} == {"2026^^xsd:integer"}


@pytest.mark.parametrize(
    "reason, backend",
    [
        ("none", "rdflib"),
        ("rdfs", "rdflib"),
        ("owlrl", "rdflib"),
        ("none", "oxigraph"),
        ("rdfs", "oxigraph"),
    ],
)
def test_narrower_types_count_for_broader_with_and_without_reasoning(reason, backend):
    store = None if backend == "rdflib" else ":memory:"
    if store:
        engine = OxigraphBackend(reason=reason)
        engine.load(DATA)
        query = get_query("kegiatan-per-jenis-tahun")
        result = engine.query(query.text, bind_params(query))
    else:
        result = run_query("kegiatan-per-jenis-tahun", DATA, reason=reason)
    rows = {(show(r[0]), show(r[2])): (show(r[3]), show(r[4])) for r in result.rows}
    # sosialisasi-formal (4 JP) and sosialisasi-informal (2 JP) in 2025 count for sosialisasi
    assert rows[("jenis:sosialisasi", "2025^^xsd:integer")] == ("2^^xsd:integer", "6^^xsd:decimal")
    # 2026: the Semiloka record counts for Seminar and for Lokakarya, once each
    assert rows[("jenis:seminar", "2026^^xsd:integer")] == ("2^^xsd:integer", "10^^xsd:decimal")
    assert rows[("jenis:lokakarya", "2026^^xsd:integer")] == ("1^^xsd:integer", "6^^xsd:decimal")
    assert shown(result) == EXPECTED["kegiatan-per-jenis-tahun"][1]


@pytest.mark.parametrize("name", ["jp-pegawai", "kegiatan-per-jenis-tahun"])
def test_an_ill_typed_date_gives_the_same_rows_on_both_local_backends(name):
    data = Path(__file__).parent / "data" / "queries" / "tanggal-tidak-sah.ttl"
    query = get_query(name)
    answers = []
    for backend in (RdflibBackend(), OxigraphBackend()):
        backend.load([data])
        answers.append(shown(backend.query(query.text, bind_params(query)), order=True))
    assert answers[0] == answers[1]
    assert len(answers[0]) == 1  # the record counts in the year its date names (2025)


INJECTIONS = [
    'x" } DROP ALL #',
    "x' } DROP ALL #",
    'x"""} } ; DELETE WHERE { ?s ?p ?o } #',
    "x'''\n} UNION { ?s ?p ?o }",
    "\\u0022 } #",
    "back\\slash\\",
    'tab\tnew\nline\rcr "quoted" {braces} <iri> # not a comment',
    "\x00\x01\x1f control",
    'Bimtek" || true || "',
]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_through_a_parameter_is_just_a_literal(value, rdflib_backend, oxigraph_backend):
    query = parse_header(GEMA.read_text(encoding="utf-8"), "gema", GEMA)
    bindings = bind_params(query, {"nilai": value})
    for backend in (rdflib_backend, oxigraph_backend):
        clean = backend.query(query.text, bind_params(query, {"nilai": "x"}))
        result = backend.query(query.text, bindings)
        assert len(result.rows) == 1
        assert result.rows[0][0] == Literal(value)  # arrived intact, as one literal
        assert result.rows[0][2] == clean.rows[0][2]  # the data is untouched


def test_injection_on_a_named_query_returns_nothing_extra(remote_backend, oxigraph_server_module):
    before = count_triples(oxigraph_server_module.query_url)
    query = get_query("definisi-istilah")
    for value in INJECTIONS:
        bindings = bind_params(query, {"label": value})
        assert remote_backend.query(query.text, bindings).rows == []
    assert count_triples(oxigraph_server_module.query_url) == before
    assert main(["query", "definisi-istilah", "--param", 'label=x" } DROP ALL #']) == 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(max_size=40) | st.from_regex(r"[\\\\u0022\"'{}#<>UuA-F0-9 \n]{0,30}", fullmatch=True)
)
def test_any_text_is_bound_intact(value):
    query = parse_header(GEMA.read_text(encoding="utf-8"), "gema", GEMA)
    for backend in _ECHO:
        result = backend.query(query.text, bind_params(query, {"nilai": value}))
        assert [row[0] for row in result.rows] == [Literal(value)]


_ECHO = (OxigraphBackend(vocabulary=False), RdflibBackend(vocabulary=False))


@pytest.mark.parametrize(
    "value",
    ["jenis:x> } DROP ALL #", "<https://a.example/b c>", "not an iri", "https://a/{x}", ":kosong"],
)
def test_an_iri_parameter_that_is_not_an_iri_is_refused(value, capsys):
    with pytest.raises(RulesBroken, match="parameter tautan"):
        bind_params(get_query(GEMA), {"nilai": "a", "tautan": value})
    assert main(["query", "tujuan-jenis", "--param", f"jenis={value}"]) == 1
    assert "is not an IRI" in capsys.readouterr().err


@pytest.mark.parametrize(
    "param, message",
    [
        ("tahun=dua ribu", "tahun must be a whole number"),
        ("tahun=2025.5", "tahun must be a whole number"),
        ("target=banyak", "target must be a number"),
        ("bulan=3", "has no parameter bulan"),
        ("tanpa-sama-dengan", "--param must be NAME=VALUE"),
    ],
)
def test_bad_parameter_values_are_rule_errors(param, message, capsys):
    assert main(["query", "jp-pegawai", "--param", param]) == 1
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_parameter_values_are_canonical():
    query = get_query("jp-pegawai")
    bound = bind_params(query, {"tahun": "+02025", "target": "20.50"})
    assert bound["tahun"] == Literal("2025", datatype=URIRef(PREFIXES["xsd"] + "integer"))
    assert str(bound["target"]) == "20.5"


def test_values_block_opens_the_outermost_where_group():
    text = GEMA.read_text(encoding="utf-8")
    injected = inject_values(text, {"nilai": Literal("v")})
    assert 'WHERE { VALUES (?nilai) { ("v") } \n  # a comment' in injected
    tricky = 'PREFIX ex: <http://e/a#where> SELECT * { ?where ex:where "WHERE {" }'
    assert inject_values(tricky, {"a": Literal(1)}).startswith(
        'PREFIX ex: <http://e/a#where> SELECT * { VALUES (?a) { ("1"^^'
    )
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert inject_values(construct, {"s": URIRef("http://e/s")}) == (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s) { (<http://e/s>) }  ?s ?p ?o }"
    )
    with pytest.raises(InputError, match="cannot find the WHERE"):
        inject_values("SELECT ?x", {"x": Literal(1)})


def test_queries_command_lists_names_and_titles(capsys):
    assert main(["queries", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == NAMES
    assert ["jenis-teori-praktik", "Activity types that combine theory and practice"] in [
        line.split(None, 1) for line in lines
    ]
    assert main(["queries", "--params"]) == 0
    out = capsys.readouterr().out
    assert "--param target=<xsd:decimal> (default 20)" in out
    assert "--param tahun=<xsd:integer> (optional)" in out


def test_query_command_formats(tmp_path, capsys):
    data = [str(p) for p in DATA]
    assert main(["query", "jenis-teori-praktik", "--format", "csv", "--data", *data]) == 0
    assert capsys.readouterr().out == (
        "jenis,label\r\nhttps://w3id.org/kegiatan-kg/jenis/workshop,Workshop\r\n"
    )
    assert main(["query", "jenis-teori-praktik", "--format", "tsv", "--lang", "en"]) == 0
    assert capsys.readouterr().out == (
        '?jenis\t?label\n<https://w3id.org/kegiatan-kg/jenis/workshop>\t"Workshop"@en\n'
    )
    assert main(["query", "jenis-teori-praktik", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document == {
        "head": {"vars": ["jenis", "label"]},
        "results": {
            "bindings": [
                {
                    "jenis": {
                        "type": "uri",
                        "value": "https://w3id.org/kegiatan-kg/jenis/workshop",
                    },
                    "label": {"type": "literal", "value": "Workshop", "xml:lang": "id"},
                }
            ]
        },
    }
    assert main(["query", "jenis-teori-praktik"]) == 0
    assert capsys.readouterr().out == (
        "jenis           label\n--------------  --------\njenis:workshop  Workshop\n(1 row)\n"
    )
    out = tmp_path / "hasil.csv"
    assert (
        main(["query", str(GEMA), "--param", "nilai=a,b", "-o", str(out), "--format", "csv"]) == 0
    )
    assert out.read_text(encoding="utf-8").startswith("nilai,tautan,jumlah\n")


def test_csv_output_is_safe_against_formula_injection(capsys):
    data = [str(TESTDATA / "formula.ttl")]
    assert main(["query", "kegiatan-kurang-lengkap", "--format", "csv", "--data", *data]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[1][1] == '\'=HYPERLINK("http://contoh.invalid/","klik")'
    assert [csv_safe(v) for v in ("=1+2", "+1", "-5", "@x", "-x", "3.5", "")] == [
        "'=1+2",
        "+1",
        "-5",
        "'@x",
        "'-x",
        "3.5",
        "",
    ]


def test_query_from_stdin_and_file(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("SELECT (1 + 1 AS ?dua) WHERE {}"))
    assert main(["query", "-", "--format", "csv"]) == 0
    assert capsys.readouterr().out == "dua\r\n2\r\n"
    assert main(["query", "tidak-ada"]) == 2
    assert "no named query 'tidak-ada'" in capsys.readouterr().err
    assert main(["query", "tidak/ada.rq"]) == 2
    assert "no such query file" in capsys.readouterr().err


def test_store_backend_from_the_cli(tmp_path, capsys):
    store = str(tmp_path / "toko")
    data = [str(p) for p in DATA]
    assert main(["query", "jp-pegawai", "--format", "csv", "--data", *data]) == 0
    in_memory = capsys.readouterr().out
    assert main(["load", "--store", store, *data]) == 0
    capsys.readouterr()
    assert main(["query", "jp-pegawai", "--format", "csv", "--store", store]) == 0
    assert capsys.readouterr().out == in_memory
    # the same again, with the data given at query time (added twice: nothing changes)
    assert main(["query", "jp-pegawai", "--format", "csv", "--store", store, "--data", *data]) == 0
    assert capsys.readouterr().out == in_memory


def test_endpoint_refuses_local_data_and_reasoning(capsys):
    url = "http://127.0.0.1:9/query"
    assert main(["query", "jp-pegawai", "--endpoint", url, "--data", str(DATA[0])]) == 2
    assert "kegiatan-kg load" in capsys.readouterr().err
    assert main(["query", "jp-pegawai", "--endpoint", url, "--reason", "rdfs"]) == 2
    assert "--reason works on local data" in capsys.readouterr().err
    assert main(["query", "jp-pegawai", "--endpoint", "ftp://x/y"]) == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("DROP ALL", "not a SPARQL query (it starts with DROP)"),
        (
            "PREFIX ex: <http://e/>\nINSERT DATA { ex:a ex:b ex:c }",
            "not a SPARQL query (it starts with INSERT)",
        ),
        ("SELECT * WHERE { SERVICE <{URL}> { ?s ?p ?o } }", "SERVICE refused"),
        ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM refused"),
        ("SELECT * FROM NAMED <{URL}> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM refused"),
    ],
)
@pytest.mark.parametrize("store", [None, "store"])
def test_local_queries_never_write_fetch_or_read_files(
    text, message, store, tmp_path, silent_server, capsys
):
    path = tmp_path / "bahaya.rq"
    path.write_text(text.replace("{URL}", silent_server), encoding="utf-8")
    argv = ["query", str(path)] + (["--store", str(tmp_path / store)] if store else [])
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"kegiatan-kg query: {path}: {message}")
    assert error.count("\n") == 1
    for backend in (RdflibBackend(vocabulary=False), OxigraphBackend(vocabulary=False)):
        with pytest.raises(InputError, match=message.split(" (")[0]):
            backend.query(text.replace("{URL}", silent_server))
    # words inside strings, IRIs and comments are not syntax
    assert main(["query", str(GEMA), "--param", "nilai=SERVICE FROM DROP"]) == 0


def test_a_syntax_error_names_the_query_file_and_line(tmp_path, capsys):
    path = tmp_path / "rusak.rq"
    path.write_text("PREFIX ex: <http://e/>\nSELECT ?x\nWHERE { ?x ex:p }\n", encoding="utf-8")
    for argv in (["query", str(path)], ["query", str(path), "--store", str(tmp_path / "t")]):
        assert main(argv) == 2
        error = capsys.readouterr().err
        assert error.startswith(f"kegiatan-kg query: {path}:3: query ") and error.count("\n") == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ASK { ?k a <https://w3id.org/kegiatan-kg/ontologi#Kegiatan> }", True),
        ("ASK { ?k a <https://w3id.org/kegiatan-kg/ontologi#TidakAda> }", False),
    ],
)
def test_ask_agrees_on_three_backends(
    text, expected, rdflib_backend, oxigraph_backend, remote_backend
):
    for backend in (rdflib_backend, oxigraph_backend, remote_backend):
        result = backend.query(text)
        assert result.vars == ["ask"] and result.rows == [(Literal(expected),)]


def test_in_memory_default_is_oxigraph_and_rdflib_gives_the_same_rows(monkeypatch, capsys):
    """`kegiatan-kg query NAME --data FILE` answers on pyoxigraph (no rdflib graph of the
    data); `--backend rdflib` is still there and prints the same answer."""
    outputs = {}
    for backend in ("rdflib", "oxigraph"):
        code = main(["query", "jp-pegawai", "--data", *map(str, DATA), "--format", "csv",
                     "--backend", backend])  # fmt: skip
        assert code == 0
        outputs[backend] = capsys.readouterr().out
    assert outputs["oxigraph"] == outputs["rdflib"] and outputs["oxigraph"].count("\n") > 1

    def refuse(self, *args, **kwargs):
        raise AssertionError("the default in-memory backend loaded the data into rdflib")

    monkeypatch.setattr(RdflibBackend, "load", refuse)
    result = run_query("jp-pegawai", DATA)
    assert len(result.rows) == len(outputs["rdflib"].strip().splitlines()) - 1


# ------------------------------------------------------------- a store for one query


def test_query_predicates_of_every_named_query_and_of_what_matches_anything():
    from kegiatan_kg.queries import query_predicates

    for query in list_queries():
        assert query_predicates(query.text), query.name
    skos = "http://www.w3.org/2004/02/skos/core#"
    assert query_predicates(get_query("jenis-turunan").text) == {
        URIRef(skos + name) for name in ("broader", "narrower", "notation", "prefLabel")
    }
    nested = "SELECT * WHERE { ?s <urn:a>/<urn:b>* ?o FILTER NOT EXISTS { ?s ^<urn:c> ?x } }"
    assert query_predicates(nested) == {URIRef("urn:a"), URIRef("urn:b"), URIRef("urn:c")}
    for anything in (
        "SELECT * WHERE { ?s ?p ?o }",
        "SELECT * WHERE { ?s !<urn:p> ?o }",
        "SELECT * WHERE { ?s <urn:a> ?o FILTER EXISTS { ?o ?p ?x } }",
        "DESCRIBE <urn:x>",
        "this is not SPARQL",
    ):
        assert query_predicates(anything) is None, anything


@pytest.fixture(scope="module")
def generated_records(tmp_path_factory):
    module = record_generator()
    path = tmp_path_factory.mktemp("gen") / "records.nt"
    module.generate(path, 150, seed=9, fault_rate=0.2, every_fault=True)
    return path


@pytest.mark.parametrize("name", NAMES)
def test_one_query_store_keeps_the_rows(name, generated_records, monkeypatch):
    """run_query's temporary store holds only the triples the query can match: the rows
    are rdflib's, on the examples and on generated records with every kind of fault."""
    from kegiatan_kg import backends

    selected = []
    real = backends._load_selected

    def spy(*args):
        selected.append(real(*args))
        return selected[-1]

    monkeypatch.setattr(backends, "_load_selected", spy)
    for data in (DATA, [generated_records]):
        fast = run_query(name, data)
        reference = run_query(name, data, local="rdflib")
        assert fast.vars == reference.vars
        assert shown(fast) == shown(reference)
    assert selected and all(selected)  # under 20,000 triples: always selected


def test_one_query_store_bulk_loads_when_most_triples_are_wanted(generated_records, monkeypatch):
    from kegiatan_kg import backends

    monkeypatch.setattr(backends, "_SAMPLE_TRIPLES", 200)
    calls = []
    real = backends._bulk_load

    def spy(store, path, *rest):
        calls.append(path)
        real(store, path, *rest)

    monkeypatch.setattr(backends, "_bulk_load", spy)
    rows = shown(run_query("kegiatan-kurang-lengkap", [generated_records]))
    assert calls == [generated_records]  # records' own predicates: most of the file
    assert rows == shown(run_query("kegiatan-kurang-lengkap", [generated_records], local="rdflib"))
    calls.clear()
    run_query("jenis-turunan", [generated_records])
    assert calls == []  # vocabulary predicates only: selected


def test_one_query_store_still_reports_a_syntax_error_anywhere(tmp_path):
    bad = tmp_path / "rusak.nt"
    lines = [f'<urn:s> <urn:p> "{i}" .' for i in range(30)] + ["<urn:s> <urn:p> ."]
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        run_query("jenis-turunan", [bad])
    assert (caught.value.file, caught.value.line) == (str(bad), 31)
