"""One test per claim of the source article (DESIGN.md, "Coverage of the article").

Each test asks the vocabulary a SPARQL question (ASK, or SELECT with the exact expected
rows) over ``load_vocabulary()``, without reasoning: the claim must be stated, or follow
along ``skos:broader*`` in the query itself. Prefixes come from kegiatan_kg.namespaces.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from kegiatan_kg.namespaces import (
    JENIS,
    METODE,
    PENYELENGGARA,
    PERAN,
    PESERTA,
    PREFIXES,
    TUJUAN,
    scheme,
)

SIX_TYPES = {
    JENIS["seminar"],
    JENIS["lokakarya"],
    JENIS["workshop"],
    JENIS["sosialisasi"],
    JENIS["bimbingan-teknis"],
    JENIS["diklat"],
}


def ask(graph: Graph, query: str, **bindings) -> bool:
    return bool(graph.query(query, initNs=PREFIXES, initBindings=bindings).askAnswer)


def column(graph: Graph, query: str, **bindings) -> set:
    """The values of the first (only) variable of a SELECT (``bindings`` preset variables)."""
    return {row[0] for row in graph.query(query, initNs=PREFIXES, initBindings=bindings)}


def rows(graph: Graph, query: str) -> set[tuple]:
    return {tuple(row) for row in graph.query(query, initNs=PREFIXES)}


def objects(graph: Graph, subject: str, predicate: str) -> set:
    return column(graph, f"SELECT ?o WHERE {{ {subject} {predicate} ?o }}")


def has_sourced_definition(graph: Graph, concept: str, source: str, *phrases: str) -> bool:
    """A kkg:Definisi of ``concept`` from ``source`` whose @id text holds every phrase."""
    filters = " ".join(f'FILTER(CONTAINS(LCASE(STR(?text)), "{p.lower()}"))' for p in phrases)
    return ask(
        graph,
        f"""ASK {{
            {concept} kkg:definisi ?d .
            ?d a kkg:Definisi ; dct:source {source} ; rdf:value ?text ;
               prov:wasDerivedFrom sumber:artikel .
            FILTER(LANG(?text) = "id")
            ?d rdf:value ?english . FILTER(LANG(?english) = "en")
            {filters}
        }}""",
    )


def examples(graph: Graph, concept: str, lang: str = "id") -> set[str]:
    return {
        str(value)
        for value in column(
            graph, f'SELECT ?e WHERE {{ {concept} skos:example ?e FILTER(LANG(?e) = "{lang}") }}'
        )
    }


# ---------------------------------------------------------------------------------------
# Context (the article's introduction)
# ---------------------------------------------------------------------------------------


def test_context_activities_build_asn_capacity_for_public_service(vocabulary: Graph) -> None:
    """These activities serve capacity building of ASN, to improve public service."""
    found = column(
        vocabulary,
        """SELECT ?type WHERE {
            ?type skos:topConceptOf ?scheme ;
                  kkg:tujuan tujuan:peningkatan-kapasitas-asn .
            tujuan:peningkatan-kapasitas-asn skos:broader+
                tujuan:peningkatan-kualitas-pelayanan-publik .
        }""",
        scheme=scheme("jenis"),
    )
    assert found == SIX_TYPES


def test_context_run_by_government_or_private_organisers(vocabulary: Graph) -> None:
    """They may be run by government agencies or by private organisers."""
    found = column(
        vocabulary,
        """SELECT ?type WHERE {
            ?type skos:inScheme ?scheme ;
                  kkg:penyelenggara penyelenggara:instansi-pemerintah , penyelenggara:swasta .
        }""",
        scheme=scheme("jenis"),
    )
    assert found == SIX_TYPES


# ---------------------------------------------------------------------------------------
# A. Seminar
# ---------------------------------------------------------------------------------------


def test_seminar_kbbi_definition_led_by_experts(vocabulary: Graph) -> None:
    """KBBI: a meeting to discuss a problem under the lead of experts (professor, expert)."""
    assert has_sourced_definition(
        vocabulary, "jenis:seminar", "sumber:kbbi", "membahas suatu masalah", "pimpinan ahli"
    )
    assert objects(vocabulary, "jenis:seminar", "dct:source") == {PREFIXES["sumber"]["kbbi"]}
    assert objects(vocabulary, "jenis:seminar", "kkg:dipimpinOleh") == {
        PERAN["ahli"],
        PERAN["guru-besar"],
        PERAN["pakar"],
    }
    assert column(vocabulary, "SELECT ?r WHERE { ?r skos:broader peran:ahli }") == {
        PERAN["guru-besar"],
        PERAN["pakar"],
    }


def test_seminar_general_definition_professional_or_commercial(vocabulary: Graph) -> None:
    """General: teaching on a specific topic, run by a professional or commercial body."""
    assert has_sourced_definition(
        vocabulary, "jenis:seminar", "sumber:artikel", "pengajaran", "topik tertentu"
    )
    organisers = objects(vocabulary, "jenis:seminar", "kkg:penyelenggara")
    assert organisers == {
        PENYELENGGARA["instansi-pemerintah"],
        PENYELENGGARA["swasta"],
        PENYELENGGARA["lembaga-profesional"],
        PENYELENGGARA["organisasi-komersial"],
    }
    assert ask(
        vocabulary, "ASK { penyelenggara:organisasi-komersial skos:broader penyelenggara:swasta }"
    )


def test_seminar_academic_teaching_like_a_lecture(vocabulary: Graph) -> None:
    """Seminars follow academic teaching, like a lecture class."""
    assert ask(
        vocabulary,
        """ASK {
            jenis:seminar kkg:menerapkanMetode metode:pengajaran-akademis .
            metode:pengajaran-akademis skos:definition ?d ; skos:broader metode:teori .
            FILTER(LANG(?d) = "id" && CONTAINS(?d, "kelas perkuliahan"))
        }""",
    )


def test_seminar_participants_take_an_active_part(vocabulary: Graph) -> None:
    assert ask(
        vocabulary,
        """ASK {
            jenis:seminar kkg:peserta peserta:peserta-aktif .
            peserta:peserta-aktif skos:definition ?d .
            FILTER(LANG(?d) = "id" && CONTAINS(?d, "berpartisipasi secara aktif"))
        }""",
    )


def test_seminar_participants_know_the_topic_which_eases_dialogue(vocabulary: Graph) -> None:
    assert ask(
        vocabulary,
        """ASK {
            jenis:seminar kkg:peserta peserta:mengenal-topik ;
                          kkg:menerapkanMetode metode:dialog .
            peserta:mengenal-topik skos:scopeNote ?note .
            FILTER(LANG(?note) = "id" && CONTAINS(?note, "dialog"))
        }""",
    )
    assert objects(vocabulary, "jenis:seminar", "kkg:peserta") == {
        PESERTA["asn"],
        PESERTA["peserta-aktif"],
        PESERTA["mengenal-topik"],
    }


def test_seminar_example_tax_regulation_changes(vocabulary: Graph) -> None:
    assert examples(vocabulary, "jenis:seminar") == {
        "Seminar mengenai pajak, yang dilaksanakan untuk mengenalkan atau menjelaskan "
        "perubahan peraturan di dalam perpajakan."
    }
    assert examples(vocabulary, "jenis:seminar", "en") == {
        "A tax seminar held to introduce or explain changes in the tax regulations."
    }


# ---------------------------------------------------------------------------------------
# B. Lokakarya
# ---------------------------------------------------------------------------------------


def test_lokakarya_kbbi_definition_meeting_of_experts(vocabulary: Graph) -> None:
    """KBBI: a meeting of experts on practical problems of their field."""
    assert has_sourced_definition(
        vocabulary, "jenis:lokakarya", "sumber:kbbi", "para ahli", "masalah praktis"
    )
    assert objects(vocabulary, "jenis:lokakarya", "kkg:peserta") == {PESERTA["ahli"]}


def test_lokakarya_aims_to_discuss_expertise_problems_and_find_solutions(
    vocabulary: Graph,
) -> None:
    assert has_sourced_definition(
        vocabulary, "jenis:lokakarya", "sumber:artikel", "keahlian mereka", "mencari solusi"
    )
    assert objects(vocabulary, "jenis:lokakarya", "kkg:tujuan") == {
        TUJUAN["peningkatan-kapasitas-asn"],
        TUJUAN["pembahasan-masalah-keahlian"],
        TUJUAN["pencarian-solusi"],
    }


def test_lokakarya_small_scientific_meeting_possibly_routine(vocabulary: Graph) -> None:
    assert has_sourced_definition(
        vocabulary,
        "jenis:lokakarya",
        "sumber:artikel",
        "pertemuan ilmiah kecil",
        "beberapa orang ahli",
        "kegiatan rutin dalam periode tertentu",
    )


def test_lokakarya_example_teachers_on_pupils_delinquency(vocabulary: Graph) -> None:
    assert examples(vocabulary, "jenis:lokakarya") == {
        "Lokakarya yang dilakukan oleh guru yang membahas masalah penanganan terhadap "
        "kenakalan anak-anak sekolah."
    }


# ---------------------------------------------------------------------------------------
# C. Workshop
# ---------------------------------------------------------------------------------------


def test_workshop_from_english_literally_bengkel(vocabulary: Graph) -> None:
    assert objects(vocabulary, "jenis:workshop", "kkg:terjemahanHarfiah") == {
        Literal("bengkel", lang="id")
    }
    assert ask(
        vocabulary,
        """ASK { jenis:workshop skos:note ?n .
                 FILTER(LANG(?n) = "id" && CONTAINS(?n, "Bahasa Inggris")
                        && CONTAINS(?n, "bengkel")) }""",
    )
    # "bengkel" is a translation, not a name users search for the activity by
    assert not ask(vocabulary, 'ASK { ?c skos:prefLabel|skos:altLabel "bengkel"@id }')


def test_workshop_experts_gather_to_discuss_and_teach(vocabulary: Graph) -> None:
    assert has_sourced_definition(
        vocabulary,
        "jenis:workshop",
        "sumber:artikel",
        "memiliki keahlian",
        "mengajari para peserta",
    )
    assert objects(vocabulary, "jenis:workshop", "kkg:dipimpinOleh") == {PERAN["ahli"]}
    assert {TUJUAN["pembahasan-masalah-tertentu"], TUJUAN["mengajari-peserta"]} <= objects(
        vocabulary, "jenis:workshop", "kkg:tujuan"
    )


def test_workshop_participants_work_alone_or_in_groups_to_gain_experience(
    vocabulary: Graph,
) -> None:
    assert has_sourced_definition(
        vocabulary, "jenis:workshop", "sumber:artikel", "secara individu", "kelompok", "pengalaman"
    )
    practice = column(
        vocabulary,
        """SELECT ?m WHERE { jenis:workshop kkg:menerapkanMetode ?m .
                             ?m skos:broader metode:praktik }""",
    )
    assert practice == {METODE["kerja-individu"], METODE["kerja-kelompok"]}
    assert TUJUAN["memperoleh-pengalaman"] in objects(vocabulary, "jenis:workshop", "kkg:tujuan")


def test_workshop_combines_theory_and_practice(vocabulary: Graph) -> None:
    """Only the workshop is said to combine theory and practice, and it has both methods."""
    assert column(vocabulary, "SELECT ?t WHERE { ?t kkg:memadukanTeoriDanPraktik true }") == {
        JENIS["workshop"]
    }
    assert ask(
        vocabulary,
        "ASK { jenis:workshop kkg:menerapkanMetode metode:teori , metode:praktik }",
    )


def test_workshop_shared_interest_under_experts_direction(vocabulary: Graph) -> None:
    assert ask(
        vocabulary,
        """ASK {
            jenis:workshop kkg:peserta peserta:minat-keahlian-sama ;
                           kkg:dipimpinOleh peran:ahli ;
                           kkg:tujuan tujuan:penggalian-aspek-khusus .
            peserta:minat-keahlian-sama skos:definition ?d .
            FILTER(LANG(?d) = "id" && CONTAINS(?d, "minat/perhatian dan keahlian yang sama")
                   && CONTAINS(?d, "arahan beberapa ahli"))
        }""",
    )


def test_workshop_example_accreditation_of_business_entities(vocabulary: Graph) -> None:
    assert examples(vocabulary, "jenis:workshop") == {
        "Workshop yang dilakukan suatu organisasi/lembaga/instansi untuk peningkatan "
        "akreditasi badan usaha."
    }


# ---------------------------------------------------------------------------------------
# D. Sosialisasi
# ---------------------------------------------------------------------------------------


def test_sosialisasi_kbbi_definition_known_understood_internalised(vocabulary: Graph) -> None:
    assert has_sourced_definition(
        vocabulary,
        "jenis:sosialisasi",
        "sumber:kbbi",
        "memasyarakatkan",
        "dikenal, dipahami, dihayati",
    )
    assert ask(
        vocabulary,
        "ASK { jenis:sosialisasi kkg:tujuan tujuan:memasyarakatkan . "
        "tujuan:memasyarakatkan dct:source sumber:kbbi }",
    )


def test_sosialisasi_learning_through_interaction_for_social_participation(
    vocabulary: Graph,
) -> None:
    assert has_sourced_definition(
        vocabulary,
        "jenis:sosialisasi",
        "sumber:artikel",
        "interaksi dengan orang lain",
        "berpikir, merasakan, dan bertindak",
        "partisipasi sosial yang efektif",
    )
    assert ask(
        vocabulary,
        "ASK { jenis:sosialisasi kkg:menerapkanMetode metode:interaksi-sosial ; "
        "kkg:tujuan tujuan:partisipasi-sosial-efektif }",
    )


def test_sosialisasi_is_role_theory_to_sociologists(vocabulary: Graph) -> None:
    assert ask(
        vocabulary,
        """ASK { jenis:sosialisasi skos:scopeNote ?n , ?e .
                 FILTER(LANG(?n) = "id" && CONTAINS(?n, "sosiolog") && CONTAINS(?n, "role theory"))
                 FILTER(LANG(?e) = "en" && CONTAINS(?e, "role theory")) }""",
    )


SOSIALISASI_KINDS = {
    "jenis:sosialisasi-formal": (
        "lembaga-lembaga yang berwenang",
        {"Pendidikan di sekolah", "Pendidikan militer"},
    ),
    "jenis:sosialisasi-informal": (
        "pergaulan yang bersifat kekeluargaan",
        {
            "Antara teman",
            "Antara sahabat",
            "Sesama anggota klub",
            "Kelompok-kelompok sosial yang ada di dalam masyarakat",
        },
    ),
}


@pytest.mark.parametrize("kind", sorted(SOSIALISASI_KINDS))
def test_sosialisasi_has_two_kinds_formal_and_informal(vocabulary: Graph, kind: str) -> None:
    assert column(vocabulary, "SELECT ?k WHERE { ?k skos:broader jenis:sosialisasi }") == {
        JENIS["sosialisasi-formal"],
        JENIS["sosialisasi-informal"],
    }
    phrase, expected_examples = SOSIALISASI_KINDS[kind]
    assert ask(
        vocabulary,
        f"""ASK {{ {kind} skos:definition ?d , ?e ; dct:source sumber:artikel .
                  FILTER(LANG(?d) = "id" && CONTAINS(?d, "{phrase}"))
                  FILTER(LANG(?e) = "en") }}""",
    )
    assert examples(vocabulary, kind) == expected_examples
    assert len(examples(vocabulary, kind, "en")) == len(expected_examples)


def test_sosialisasi_formal_runs_through_authorised_institutions(vocabulary: Graph) -> None:
    assert objects(vocabulary, "jenis:sosialisasi-formal", "kkg:penyelenggara") == {
        PENYELENGGARA["lembaga-berwenang"]
    }


def test_sosialisasi_example_implementing_a_law(vocabulary: Graph) -> None:
    assert examples(vocabulary, "jenis:sosialisasi") == {
        "Sosialisasi atas pelaksanaan undang-undang tertentu."
    }


# ---------------------------------------------------------------------------------------
# E. Bimbingan Teknis
# ---------------------------------------------------------------------------------------


def test_bimtek_help_by_guidance_and_advice_for_technical_problems(vocabulary: Graph) -> None:
    assert has_sourced_definition(
        vocabulary,
        "jenis:bimbingan-teknis",
        "sumber:artikel",
        "tuntunan dan nasihat",
        "bersifat teknis",
    )
    assert objects(vocabulary, "jenis:bimbingan-teknis", "kkg:menerapkanMetode") == {
        METODE["tuntunan"],
        METODE["nasihat"],
    }
    assert TUJUAN["penyelesaian-masalah-teknis"] in objects(
        vocabulary, "jenis:bimbingan-teknis", "kkg:tujuan"
    )


def test_bimtek_develops_knowledge_and_skills_for_individuals_or_institutions(
    vocabulary: Graph,
) -> None:
    assert has_sourced_definition(
        vocabulary,
        "jenis:bimbingan-teknis",
        "sumber:artikel",
        "pengembangan pengetahuan serta kemampuan",
        "individu maupun institusi",
    )
    institutions = column(
        vocabulary,
        """SELECT ?p WHERE { jenis:bimbingan-teknis kkg:peserta ?p .
                             ?p skos:broader peserta:institusi }""",
    )
    assert institutions == {PESERTA["institusi-swasta"], PESERTA["institusi-pemerintah"]}
    assert ask(
        vocabulary,
        "ASK { jenis:bimbingan-teknis kkg:peserta peserta:individu ; "
        "kkg:tujuan tujuan:pengembangan-pengetahuan-dan-kemampuan }",
    )


def test_bimtek_is_performance_oriented(vocabulary: Graph) -> None:
    assert ask(
        vocabulary,
        """ASK { jenis:bimbingan-teknis kkg:tujuan tujuan:peningkatan-kinerja ;
                                        skos:scopeNote ?n .
                 FILTER(LANG(?n) = "id" && CONTAINS(?n, "berorientasi pada kinerja")) }""",
    )


def test_bimtek_aim_accountable_solutions_for_officials(vocabulary: Graph) -> None:
    assert ask(
        vocabulary,
        """ASK {
            jenis:bimbingan-teknis kkg:tujuan tujuan:penyelesaian-masalah-pejabat ;
                                   kkg:peserta peserta:pejabat .
            tujuan:penyelesaian-masalah-pejabat skos:definition ?d ; dct:source sumber:artikel .
            FILTER(LANG(?d) = "id" && CONTAINS(?d, "dihadapi oleh para pejabat")
                   && CONTAINS(?d, "dipertanggungjawabkan sesuai dengan peraturan"))
        }""",
    )


def test_bimtek_examples_regional_finance_and_personnel(vocabulary: Graph) -> None:
    assert examples(vocabulary, "jenis:bimbingan-teknis") == {
        "Bimbingan Teknis Pengelolaan Keuangan Daerah",
        "Bimbingan Teknis Kepegawaian",
    }


# ---------------------------------------------------------------------------------------
# F. Diklat
# ---------------------------------------------------------------------------------------


def test_diklat_teaching_and_learning_to_improve_pns(vocabulary: Graph) -> None:
    assert has_sourced_definition(
        vocabulary, "jenis:diklat", "sumber:artikel", "belajar mengajar", "pegawai negeri sipil"
    )
    assert objects(vocabulary, "jenis:diklat", "kkg:peserta") == {PESERTA["pns"]}
    assert ask(vocabulary, "ASK { peserta:pns skos:broader peserta:asn }")
    assert TUJUAN["peningkatan-kemampuan-pns"] in objects(vocabulary, "jenis:diklat", "kkg:tujuan")


#: Each goal of Diklat as its own concept: slug -> a phrase its @id definition quotes.
DIKLAT_GOALS = {
    "perubahan-paradigma": "learning organization",
    "penumbuhan-nilai-moral": "kecerdasan spiritual",
    "perubahan-cultural-set": "cultural set",
    "pembangunan-karakter": "karakter dan jati diri",
    "kompetensi-jabatan-saat-ini": "tugas jabatan yang diduduki",
    "kompetensi-jabatan-lebih-tinggi": "jabatan yang lebih tinggi",
    "kompetensi-iptek-baru": "iptek baru",
    "pengembangan-teknologi-informasi": "e-government",
}


@pytest.mark.parametrize("slug", sorted(DIKLAT_GOALS))
def test_diklat_goals_each_its_own_concept(vocabulary: Graph, slug: str) -> None:
    goals = column(
        vocabulary,
        """SELECT ?g WHERE { jenis:diklat kkg:tujuan ?g .
                             ?g skos:broader+ tujuan:peningkatan-kemampuan-pns }""",
    )
    assert goals == {TUJUAN[s] for s in DIKLAT_GOALS}
    assert ask(
        vocabulary,
        f"""ASK {{ tujuan:{slug} a skos:Concept ; skos:inScheme ?scheme ;
                  dct:source sumber:artikel ; skos:definition ?d , ?e ; skos:prefLabel ?l , ?m .
                  FILTER(LANG(?d) = "id" && CONTAINS(?d, "{DIKLAT_GOALS[slug]}"))
                  FILTER(LANG(?e) = "en" && LANG(?l) = "id" && LANG(?m) = "en")
                  }}""",
        scheme=scheme("tujuan"),
    )


def test_diklat_competency_based_goals_grouped(vocabulary: Graph) -> None:
    assert column(
        vocabulary, "SELECT ?g WHERE { ?g skos:broader tujuan:diklat-berbasis-kompetensi }"
    ) == {
        TUJUAN["kompetensi-jabatan-saat-ini"],
        TUJUAN["kompetensi-jabatan-lebih-tinggi"],
        TUJUAN["kompetensi-iptek-baru"],
    }


def test_diklat_information_technology_goal_names_e_services(vocabulary: Graph) -> None:
    assert examples(vocabulary, "tujuan:pengembangan-teknologi-informasi") == {
        "e-government",
        "e-procurement",
        "e-bidding",
        "e-office",
    }


# ---------------------------------------------------------------------------------------
# Labels users write (issue 2): Bimtek, Diklat, Webinar, Semiloka
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "concept"),
    [
        ("Bimtek", JENIS["bimbingan-teknis"]),
        ("Diklat", JENIS["diklat"]),
        ("Webinar", JENIS["seminar"]),
        ("Semiloka", JENIS["semiloka"]),
    ],
)
def test_labels_users_write_find_one_concept(vocabulary: Graph, label: str, concept) -> None:
    """Within the article's scheme a label users write names exactly one type."""
    found = column(
        vocabulary,
        f"""SELECT DISTINCT ?c WHERE {{
            ?c skos:prefLabel|skos:altLabel "{label}"@id ;
               skos:inScheme ?scheme }}""",
        scheme=scheme("jenis"),
    )
    assert found == {concept}


def test_semiloka_counts_as_seminar_and_lokakarya(vocabulary: Graph) -> None:
    assert objects(vocabulary, "jenis:semiloka", "skos:broader") == {
        JENIS["seminar"],
        JENIS["lokakarya"],
    }


def test_every_sourced_definition_is_complete(vocabulary: Graph) -> None:
    """Each kkg:Definisi: one @id text, one @en text, KBBI or the article as source, and
    exactly one concept that it defines (a broken one would make the tests above lie)."""
    broken = column(
        vocabulary,
        """SELECT ?d WHERE {
            ?d a kkg:Definisi .
            OPTIONAL { SELECT ?d (COUNT(DISTINCT ?i) AS ?ids) WHERE {
                ?d rdf:value ?i FILTER(LANG(?i) = "id") } GROUP BY ?d }
            OPTIONAL { SELECT ?d (COUNT(DISTINCT ?e) AS ?ens) WHERE {
                ?d rdf:value ?e FILTER(LANG(?e) = "en") } GROUP BY ?d }
            OPTIONAL { SELECT ?d (COUNT(DISTINCT ?c) AS ?concepts) WHERE {
                ?c kkg:definisi ?d } GROUP BY ?d }
            OPTIONAL { ?d dct:source ?source FILTER(?source IN (sumber:kbbi, sumber:artikel)) }
            FILTER(!BOUND(?source) || COALESCE(?ids, 0) != 1 || COALESCE(?ens, 0) != 1
                   || COALESCE(?concepts, 0) != 1)
        }""",
    )
    assert broken == set()
    assert len(column(vocabulary, "SELECT ?d WHERE { ?d a kkg:Definisi }")) == 12
