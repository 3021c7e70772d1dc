"""The package on the officer's disk, as the publisher sees it: its descriptor and the facts of its files.

Every file a resource names is read once for its sha256 and size, the facts the catalog's copy is compared
against. A file that does not match the `hash` or `bytes` its descriptor states is refused: publishing it
would put one file in the catalog and describe another.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from catalog.errors import PackageError
from catalog.validation.package import load_descriptor

DESCRIPTOR_RESOURCE = "datapackage"  # the dataset's resource that is the package's own datapackage.json
CHUNK = 1 << 20


@dataclass(frozen=True)
class LocalFile:
    path: Path
    sha256: str
    size: int
    md5: str = field(default="", repr=False, compare=False)  # to check a descriptor that states an MD5

    @property
    def hash(self) -> str:
        return f"sha256:{self.sha256}"


@dataclass
class LocalPackage:
    folder: Path
    descriptor: dict
    descriptor_file: LocalFile
    files: dict[str, LocalFile]  # resource name -> its file on disk (resources with a local path only)
    source: Path | None = None  # the officer's package folder, when this one was made from it (a merge)

    @property
    def name(self) -> str:
        return self.descriptor["name"]


def is_url(path) -> bool:
    return isinstance(path, str) and urlsplit(path).scheme in ("http", "https", "ftp")


def file_facts(path: Path) -> LocalFile:
    sha256, md5, size = hashlib.sha256(), hashlib.md5(), 0
    with open(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            sha256.update(chunk)
            md5.update(chunk)
            size += len(chunk)
    return LocalFile(path, sha256.hexdigest(), size, md5.hexdigest())


def _matches_stated_hash(facts: LocalFile, stated: str) -> bool:
    algorithm, _, digest = stated.rpartition(":")
    algorithm = (algorithm or "md5").lower()
    if algorithm == "sha256":
        return digest.lower() == facts.sha256
    if algorithm == "md5":
        return digest.lower() == facts.md5
    return True  # an algorithm we do not compute: nothing to hold against the file


def read_local_package(path: Path | str) -> LocalPackage:
    folder, descriptor = load_descriptor(Path(path))
    descriptor_path = folder / "datapackage.json"
    if not isinstance(descriptor.get("name"), str) or not descriptor["name"]:
        raise PackageError("datapackage.json has no name; the catalog finds the dataset by it",
                           "datapackage.json ไม่มี name ซึ่งแคตตาล็อกใช้หาชุดข้อมูล", file=descriptor_path)
    names = [r.get("name") for r in descriptor["resources"]]
    for name in names:
        if not isinstance(name, str) or not name:
            raise PackageError("every resource needs a name; resources are matched by it",
                               "ทุกทรัพยากรต้องมี name เพราะใช้จับคู่ทรัพยากร", file=descriptor_path)
        if names.count(name) > 1:
            raise PackageError(f"two resources are named '{name}'", f"มีทรัพยากรชื่อ '{name}' ซ้ำกัน",
                               file=descriptor_path)
    if DESCRIPTOR_RESOURCE in names:
        raise PackageError(f"the resource name '{DESCRIPTOR_RESOURCE}' is kept for the datapackage.json itself",
                           f"ชื่อทรัพยากร '{DESCRIPTOR_RESOURCE}' สงวนไว้สำหรับ datapackage.json", file=descriptor_path)
    files = {}
    for resource in descriptor["resources"]:
        path = resource.get("path")
        if path is None or is_url(path):
            continue
        if isinstance(path, list):
            if all(is_url(p) for p in path):
                continue
            raise PackageError(f"resource '{resource['name']}' has a multipart path; publish it as one file",
                               f"ทรัพยากร '{resource['name']}' แบ่งเป็นหลายไฟล์ กรุณารวมเป็นไฟล์เดียว",
                               file=descriptor_path)
        files[resource["name"]] = _checked_file(folder, resource, descriptor_path)
    return LocalPackage(folder, descriptor, file_facts(descriptor_path), files)


def _checked_file(folder: Path, resource: dict, descriptor_path: Path) -> LocalFile:
    target = (folder / resource["path"]).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise PackageError(f"resource '{resource['name']}' points outside the package folder",
                           f"ทรัพยากร '{resource['name']}' ชี้ออกนอกโฟลเดอร์แพ็กเกจ", file=descriptor_path)
    if not target.is_file():
        raise PackageError(f"resource '{resource['name']}': file {resource['path']} is missing",
                           f"ทรัพยากร '{resource['name']}': ไม่พบไฟล์ {resource['path']}", file=descriptor_path)
    facts = file_facts(target)
    stated_hash, stated_bytes = resource.get("hash"), resource.get("bytes")
    if (isinstance(stated_hash, str) and not _matches_stated_hash(facts, stated_hash)) or \
            (isinstance(stated_bytes, int) and stated_bytes != facts.size):
        raise PackageError(f"{resource['path']} does not match the hash or bytes datapackage.json states; "
                           "rebuild the package (catalog build) or correct them",
                           f"{resource['path']} ไม่ตรงกับ hash หรือ bytes ที่ระบุใน datapackage.json "
                           "กรุณาสร้างแพ็กเกจใหม่ (catalog build) หรือแก้ให้ถูกต้อง", file=descriptor_path)
    return facts
