"""CKAN: the release as a ``package_create`` body, its checks, and sending it to a portal.

Satu Data Indonesia and many ministry portals run CKAN. ``dist/ckan-package.json`` is the
body of CKAN's ``package_create`` action, derived from the DCAT description
(:mod:`kegiatan_kg.dcat`) so both catalogues always say the same thing. Extra keys follow
ckanext-dcat's names (``uri``, ``issued``, ``conforms_to`` ...), so a portal with that
extension shows them where it shows harvested DCAT.

:func:`check_ckan_package` applies the rules of CKAN's default package schema
(``ckan.logic.schema.default_create_package_schema``), so a body that passes here is not
refused by a portal for its shape. :func:`publish_ckan` sends it with ckanapi, with a
timeout, the API key taken from an environment variable (never from the command line,
where other users could read it in the process list).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from .atomic import write_bytes
from .codelist import lang_value
from .dcat import DCAT3, catalog_graph, file_formats
from .errors import InputError, RulesBroken
from .namespaces import DCAT, DCTERMS, FOAF, RDF, SPDX, VCARD

#: CKAN's package name rule (ckan.logic.validators.name_validator), 2 to 100 characters.
NAME_PATTERN = re.compile(r"^[a-z0-9_-]{2,100}$")
#: CKAN's tag rule (tag_length_validator, tag_name_validator).
TAG_PATTERN = re.compile(r"^[\w .-]{2,100}$", re.UNICODE)
#: The package name of the vocabulary release.
PACKAGE_NAME = "kegiatan-kg"
#: CKAN's licence id of CC BY 4.0 in its default licence list.
LICENSE_ID = "cc-by"
#: Seconds to wait for a CKAN portal before giving up.
DEFAULT_TIMEOUT = 30.0

#: Fields of CKAN's default package schema and their JSON types.
PACKAGE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "name": str,
    "title": str,
    "notes": str,
    "url": str,
    "version": str,
    "author": str,
    "author_email": str,
    "maintainer": str,
    "maintainer_email": str,
    "license_id": str,
    "owner_org": str,
    "private": bool,
    "state": str,
    "type": str,
    "tags": list,
    "resources": list,
    "extras": list,
    "groups": list,
}
#: Fields of CKAN's default resource schema and their JSON types (others are kept as extras).
RESOURCE_FIELDS: dict[str, type | tuple[type, ...]] = {
    "url": str,
    "name": str,
    "description": str,
    "format": str,
    "mimetype": str,
    "size": int,
    "hash": str,
    "resource_type": str,
}


def _text(graph: Graph, node: Node, predicate: URIRef, lang: str = "id") -> str:
    return lang_value(graph, node, (predicate,), lang) or lang_value(graph, node, (predicate,), "")


def ckan_package(catalog: Graph) -> dict[str, Any]:
    """The ``package_create`` body for the dataset of a DCAT catalogue graph."""
    dataset = next(iter(sorted(catalog.subjects(RDF.type, DCAT.Dataset))), None)
    if dataset is None:
        raise InputError("the DCAT catalogue has no dcat:Dataset to publish")
    publisher = catalog.value(dataset, DCTERMS.publisher)
    contact = catalog.value(dataset, DCAT.contactPoint)
    landing = catalog.value(dataset, DCAT.landingPage)
    notes = "\n\n".join(
        text
        for text in (
            _text(catalog, dataset, DCTERMS.description, "id"),
            _text(catalog, dataset, DCTERMS.description, "en"),
        )
        if text
    )
    tags = sorted({str(k) for k in catalog.objects(dataset, DCAT.keyword)}, key=str.lower)
    labels = {f.file_type: f.label for f in file_formats().values()}
    resources = []
    for distribution in sorted(catalog.objects(dataset, DCAT.distribution)):
        resources.append(_resource(catalog, distribution, labels))
    resources.sort(key=lambda r: r["name"])

    def joined(predicate: URIRef) -> str:
        return " ".join(sorted(str(o) for o in catalog.objects(dataset, predicate)))

    extras = {
        "uri": str(dataset),
        "identifier": joined(DCTERMS.identifier),
        "issued": joined(DCTERMS.issued),
        "modified": joined(DCTERMS.modified),
        "language": joined(DCTERMS.language),
        "theme": joined(DCAT.theme),
        "spatial_uri": joined(DCTERMS.spatial),
        "conforms_to": joined(DCTERMS.conformsTo),
        "frequency": joined(DCTERMS.accrualPeriodicity),
        "publisher_name": _text(catalog, publisher, FOAF.name, "id") if publisher else "",
        "publisher_uri": str(publisher or ""),
        "contact_name": _text(catalog, contact, VCARD.fn, "id") if contact else "",
        "contact_uri": str(contact or ""),
    }
    body: dict[str, Any] = {
        "name": PACKAGE_NAME,
        "title": _text(catalog, dataset, DCTERMS.title, "id"),
        "notes": notes,
        "url": str(landing or catalog.value(dataset, DCTERMS.identifier) or ""),
        "version": str(catalog.value(dataset, DCAT3.version) or ""),
        "author": extras["publisher_name"],
        "maintainer": extras["contact_name"],
        "license_id": LICENSE_ID,
        "tags": [{"name": tag} for tag in tags],
        "resources": resources,
        "extras": [{"key": k, "value": v} for k, v in sorted(extras.items()) if v],
    }
    return body


def _resource(catalog: Graph, distribution: Node, labels: dict[Node, str]) -> dict[str, Any]:
    download = catalog.value(distribution, DCAT.downloadURL)
    access = catalog.value(distribution, DCAT.accessURL)
    url = str(download or access)
    media = catalog.value(distribution, DCAT.mediaType)
    checksum = catalog.value(distribution, SPDX.checksum)
    resource: dict[str, Any] = {
        "url": url,
        "name": url.rstrip("/").rsplit("/", 1)[-1] if download else "site/index.html",
        "description": _text(catalog, distribution, DCTERMS.description, "id"),
        "uri": str(distribution),
    }
    resource["format"] = labels.get(catalog.value(distribution, DCTERMS["format"]), "")
    if media is not None:
        resource["mimetype"] = str(media).split("/media-types/", 1)[-1]
    size = catalog.value(distribution, DCAT.byteSize)
    if isinstance(size, Literal):
        resource["size"] = int(size)
    if checksum is not None:
        resource["hash"] = str(catalog.value(checksum, SPDX.checksumValue))
        resource["hash_algorithm"] = "sha256"
    if not download:
        resource["resource_type"] = "documentation"
        resource["name"] = "site/index.html"
    return resource


def check_ckan_package(body: Any) -> list[str]:
    """Problems CKAN's default ``package_create`` schema would report (empty: none)."""
    problems: list[str] = []
    if not isinstance(body, dict):
        return ["the package must be a JSON object"]
    name = body.get("name")
    if not isinstance(name, str) or not name:
        problems.append("name: missing (required)")
    elif not NAME_PATTERN.match(name):
        problems.append(
            f"name: {name!r} must be 2-100 characters of lower-case a-z, 0-9, '-' and '_'"
        )
    for key, expected in PACKAGE_FIELDS.items():
        if key in body and body[key] is not None and not isinstance(body[key], expected):
            problems.append(f"{key}: must be {expected.__name__}")
    if isinstance(body.get("version"), str) and len(body["version"]) > 100:
        problems.append("version: longer than 100 characters")
    for index, tag in enumerate(_list(body, "tags")):
        tag_name = tag.get("name") if isinstance(tag, dict) else None
        if not isinstance(tag_name, str) or not TAG_PATTERN.match(tag_name):
            problems.append(
                f"tags[{index}]: {tag_name!r} must be 2-100 characters of letters, digits, "
                "spaces, '-', '_' and '.'"
            )
    for index, resource in enumerate(_list(body, "resources")):
        if not isinstance(resource, dict):
            problems.append(f"resources[{index}]: must be an object")
            continue
        if not isinstance(resource.get("url"), str) or not resource.get("url"):
            problems.append(f"resources[{index}].url: missing")
        for key, expected in RESOURCE_FIELDS.items():
            value = resource.get(key)
            if value is not None and not isinstance(value, expected):
                problems.append(f"resources[{index}].{key}: must be {expected.__name__}")
            if key == "size" and isinstance(value, int) and (value < 0 or isinstance(value, bool)):
                problems.append(f"resources[{index}].size: must be a whole number >= 0")
    seen: set[str] = set()
    for index, extra in enumerate(_list(body, "extras")):
        if not isinstance(extra, dict) or set(extra) != {"key", "value"}:
            problems.append(f"extras[{index}]: must be an object with key and value")
            continue
        key = extra["key"]
        if not isinstance(key, str) or not key:
            problems.append(f"extras[{index}].key: missing")
        elif key in PACKAGE_FIELDS:
            problems.append(f"extras[{index}].key: {key!r} is a package field of its own")
        elif key in seen:
            problems.append(f"extras[{index}].key: {key!r} given twice")
        else:
            seen.add(key)
        if not isinstance(extra["value"], str):
            problems.append(f"extras[{index}].value: must be a string")
    return problems


def _list(body: dict, key: str) -> list:
    value = body.get(key)
    return value if isinstance(value, list) else []


def package_json_bytes(body: dict[str, Any]) -> bytes:
    """The body as deterministic JSON (sorted keys, two-space indent, UTF-8)."""
    return (json.dumps(body, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_ckan_package(
    dist: str | Path,
    base_url: str | None = None,
    vocabulary: Graph | None = None,
    catalog: Graph | None = None,
) -> Path:
    """Write ``dist/ckan-package.json`` for the release in ``dist``."""
    root = Path(dist)
    catalog = catalog_graph(root, base_url, vocabulary) if catalog is None else catalog
    body = ckan_package(catalog)
    problems = check_ckan_package(body)
    if problems:
        raise RulesBroken("the CKAN package breaks CKAN's schema: " + "; ".join(problems))
    target = root / "ckan-package.json"
    write_bytes(target, package_json_bytes(body))
    return target


def read_ckan_package(path: str | Path) -> dict[str, Any]:
    """Read and check a ``ckan-package.json`` file."""
    source = Path(path)
    try:
        body = json.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such file (run `kegiatan-kg build` first)", file=source) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=source) from None
    except RecursionError:
        raise InputError("not a usable JSON file: nested too deeply", file=source) from None
    except (UnicodeDecodeError, ValueError) as error:  # JSONDecodeError, huge integers
        line = getattr(error, "lineno", None)
        raise InputError(f"not a JSON file: {str(error)[:200]}", file=source, line=line) from None
    problems = check_ckan_package(body)
    if problems:
        raise RulesBroken("breaks CKAN's package schema: " + "; ".join(problems), file=source)
    return body


def publish_ckan(
    url: str,
    body: dict[str, Any] | str | Path,
    *,
    api_key_env: str = "CKAN_API_KEY",
    owner_org: str | None = None,
    dry_run: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Create (or, if the name is taken, update) the package on the CKAN portal at ``url``.

    Returns what CKAN answered, or with ``dry_run`` the request that would be sent
    (``{"action", "url", "body"}``) without touching the network. The API key is read from
    the environment variable ``api_key_env``. ``body`` may be the path of a
    ``ckan-package.json`` file.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--ckan must be an http(s) URL of a CKAN portal, not {url!r}")
    body = dict(body) if isinstance(body, dict) else read_ckan_package(body)
    if owner_org:
        body["owner_org"] = owner_org
    problems = check_ckan_package(body)
    if problems:
        raise RulesBroken("the CKAN package breaks CKAN's schema: " + "; ".join(problems))
    endpoint = url.rstrip("/") + "/api/action/package_create"  # ckanapi's path
    if dry_run:
        return {"action": "package_create", "url": endpoint, "body": body}
    api_key = os.environ.get(api_key_env, "")
    if not api_key:
        raise InputError(f"set the CKAN API key in the environment variable {api_key_env}")

    import ckanapi
    import requests

    from . import __version__

    portal = ckanapi.RemoteCKAN(url, apikey=api_key, user_agent=f"kegiatan-kg/{__version__}")
    options = {"timeout": timeout}
    try:
        try:
            return portal.call_action("package_create", body, requests_kwargs=options)
        except ckanapi.ValidationError as error:
            if not _name_taken(error):
                raise
            return portal.call_action("package_update", body, requests_kwargs=dict(options))
    except ckanapi.ValidationError as error:
        raise RulesBroken(f"CKAN refused the package: {_describe(error)}", file=url) from None
    except ckanapi.NotAuthorized as error:
        raise InputError(
            f"CKAN refused the API key from {api_key_env}: {_describe(error)}", file=url
        ) from None
    except requests.exceptions.Timeout:
        raise InputError(f"CKAN did not answer within {timeout:g} s", file=url) from None
    except requests.exceptions.RequestException as error:
        raise InputError(f"cannot reach CKAN: {error.__class__.__name__}", file=url) from None
    except ckanapi.CKANAPIError as error:
        raise InputError(f"CKAN answered an error: {_describe(error)}", file=url) from None


def _name_taken(error: Exception) -> bool:
    details = error.args[0] if error.args else {}
    if not isinstance(details, dict):
        return False
    messages = details.get("name") or []
    return any("already in use" in str(m) for m in messages)


def _describe(error: Exception) -> str:
    details = error.args[0] if error.args else ""
    if isinstance(details, dict):
        return "; ".join(
            f"{k}: {v}" for k, v in sorted(details.items(), key=str) if not k.startswith("__")
        )
    return str(details)[:300]
