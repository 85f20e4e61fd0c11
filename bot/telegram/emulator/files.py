"""Files the bot sends and the users' uploads, by file_id, and downloads."""

from __future__ import annotations

import copy

from .common import (
    MEDIA_EXTRA,
    MEDIA_KINDS,
    Json,
    bad_request,
)
from .spec import Upload


class Files:
    """Files the bot sends and the users' uploads, by file_id, and downloads."""

    # Files

    def _media(self, kind: str, value: str | Upload, files: dict[str, Upload]) -> Json:
        """Message content for a photo/document/...: from an upload, attach://name, a URL or a file_id."""
        if kind not in MEDIA_KINDS:
            raise bad_request(f"media of type {kind!r} is not supported by the emulator")
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"no file part for {value}")
            value = upload
        if isinstance(value, Upload):
            record = self._new_file(kind, value)
        elif value.startswith(("http://", "https://")):  # Telegram would download it; any URL will do here
            record = self._new_file(kind, Upload(value.rsplit("/", 1)[-1], "", b""))
        elif value in self._files:
            record = self._files[value]
            if record["kind"] != kind:
                raise bad_request(
                    f"can't use file of type {record['kind'].capitalize()} as {kind.capitalize()}"
                )
        else:
            raise bad_request("wrong file identifier/HTTP URL specified")
        return copy.deepcopy({kind: record["sizes"]} if kind == "photo" else {kind: record["meta"]})

    def _new_file(self, kind: str, upload: Upload) -> Json:
        n = next(self._file_numbers)
        file_id = f"emu-{kind}-{n}"
        ids = {"file_id": file_id, "file_unique_id": f"emu{n}", "file_size": len(upload.data)}
        record: Json = {"kind": kind, "data": upload.data, "mime_type": upload.content_type or "image/jpeg"}
        record.update(ids, file_path=f"{kind}s/file_{n}")
        if kind == "photo":
            small = {
                **ids,
                "file_id": f"{file_id}-s",
                "file_unique_id": f"emu{n}s",
                "width": 90,
                "height": 90,
            }
            record["sizes"] = [small, {**ids, "width": 1280, "height": 960}]
            self._files[small["file_id"]] = record
        else:
            record["meta"] = {**ids, **MEDIA_EXTRA.get(kind, {})}
            if kind == "document":
                record["meta"].update(file_name=upload.filename or "file", mime_type=record["mime_type"])
        self._files[file_id] = record
        return record

    def _get_file(self, p: Json, files: dict[str, Upload]) -> Json:
        record = self._files.get(p["file_id"])
        if record is None:
            raise bad_request("invalid file_id")
        return {k: record[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")}
