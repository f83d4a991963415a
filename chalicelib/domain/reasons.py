# ruff: noqa: RUF001  (Chinese text uses full-width punctuation on purpose)
"""Why a file was refused or a document rejected, in the participant's language.

A reason is a code and its values; the words are rendered when someone reads them (the page in the language it
is asked in, the email in the participant's preferred language), so a refusal written once reads in English,
Spanish or Chinese. Staff's own words, typed in a decision, are shown as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

WHAT_TO_UPLOAD = {
    "en": "Upload a PDF or a photo (JPEG, PNG or HEIC) of the document.",
    "es": "Suba un PDF o una foto (JPEG, PNG o HEIC) del documento.",
    "zh": "請上傳文件的 PDF 或照片（JPEG、PNG 或 HEIC）。",
}

REASONS: Mapping[str, Mapping[str, str]] = {
    "empty": {
        "en": "The file is empty (0 bytes), so there is nothing to read. {upload}",
        "es": "El archivo está vacío (0 bytes), así que no hay nada que leer. {upload}",
        "zh": "檔案是空的（0 位元組），沒有內容可讀。{upload}"},
    "too_large": {
        "en": "The file is larger than {mb} MB. Upload a smaller scan or photo, or split a long transcript into "
              "parts.",
        "es": "El archivo pesa más de {mb} MB. Suba un escaneo o una foto más pequeña, o divida un expediente "
              "largo en partes.",
        "zh": "檔案大於 {mb} MB。請上傳較小的掃描檔或照片，或將較長的成績單分成幾個部分。"},
    "format_html": {
        "en": "The file is a web page (HTML), not a document. {upload}",
        "es": "El archivo es una página web (HTML), no un documento. {upload}",
        "zh": "這個檔案是網頁（HTML），不是文件。{upload}"},
    "format_svg": {
        "en": "The file is a vector drawing (SVG), not a photo or scan. {upload}",
        "es": "El archivo es un dibujo vectorial (SVG), no una foto ni un escaneo. {upload}",
        "zh": "這個檔案是向量圖（SVG），不是照片或掃描檔。{upload}"},
    "format_other": {
        "en": "The file is a {mime} file, not a PDF or photo. {upload}",
        "es": "El archivo es de tipo {mime}, no un PDF ni una foto. {upload}",
        "zh": "這個檔案是 {mime} 格式，不是 PDF 或照片。{upload}"},
    "format_unknown": {
        "en": "The file is not a format the registry can read. {upload}",
        "es": "El archivo no tiene un formato que el registro pueda leer. {upload}",
        "zh": "登記處無法讀取這個檔案的格式。{upload}"},
    "pdf_password": {
        "en": "This PDF is password-protected, so the registry cannot read it. Upload an unprotected copy (print "
              "it to a new PDF, or take a photo).",
        "es": "Este PDF está protegido con contraseña, así que el registro no puede leerlo. Suba una copia sin "
              "protección (imprímalo como un PDF nuevo o tome una foto).",
        "zh": "這個 PDF 有密碼保護，登記處無法讀取。請上傳沒有保護的副本（另存為新的 PDF，或拍照）。"},
    "pdf_damaged": {
        "en": "This PDF is damaged and cannot be opened. Download it again from its source, or upload a photo of "
              "the paper document.",
        "es": "Este PDF está dañado y no se puede abrir. Descárguelo de nuevo de su origen o suba una foto del "
              "documento en papel.",
        "zh": "這個 PDF 已損壞，無法開啟。請從來源重新下載，或上傳紙本文件的照片。"},
    "pdf_no_pages": {
        "en": "This PDF has no pages. {upload}",
        "es": "Este PDF no tiene páginas. {upload}",
        "zh": "這個 PDF 沒有任何頁面。{upload}"},
    "pdf_too_many_pages": {
        "en": "This PDF has {pages} pages; the registry takes at most {most}. Upload only the pages of the "
              "document itself.",
        "es": "Este PDF tiene {pages} páginas; el registro acepta como máximo {most}. Suba solo las páginas del "
              "documento.",
        "zh": "這個 PDF 有 {pages} 頁；登記處最多接受 {most} 頁。請只上傳文件本身的頁面。"},
    "image_too_big": {
        "en": "The image is {width}x{height} pixels, far more than a photo of a document needs. Upload a normal "
              "phone photo or scan.",
        "es": "La imagen mide {width}x{height} píxeles, mucho más de lo que necesita la foto de un documento. "
              "Suba una foto normal del teléfono o un escaneo.",
        "zh": "這張圖片有 {width}x{height} 像素，遠超過文件照片所需。請上傳一般的手機照片或掃描檔。"},
    "image_too_small": {
        "en": "The image is only {width}x{height} pixels, too small to read. Take the photo closer, with the "
              "whole page filling the frame.",
        "es": "La imagen mide solo {width}x{height} píxeles, demasiado pequeña para leerla. Tome la foto más de "
              "cerca, con toda la página llenando el encuadre.",
        "zh": "這張圖片只有 {width}x{height} 像素，太小無法讀取。請靠近一點拍照，讓整頁填滿畫面。"},
    "image_damaged": {
        "en": "The image is damaged or incomplete and cannot be opened. Take the photo again and upload it.",
        "es": "La imagen está dañada o incompleta y no se puede abrir. Tome la foto de nuevo y súbala.",
        "zh": "這張圖片已損壞或不完整，無法開啟。請重新拍照並上傳。"},
    "duplicate": {
        "en": "You already sent this exact file on {date} ({file_name}). Nothing more is needed for it. To show "
              "something new, upload a different file; to question a decision, appeal it from My documents.",
        "es": "Ya envió exactamente este archivo el {date} ({file_name}). No se necesita nada más. Para mostrar "
              "algo nuevo, suba otro archivo; para cuestionar una decisión, apélela desde Mis documentos.",
        "zh": "您已在 {date} 送出完全相同的檔案（{file_name}），不需要再做任何事。"
              "若要提供新的資料，請上傳其他檔案；若對決定有疑問，請在「我的文件」中提出申訴。"},
    # The templates staff pick when they reject or ask again (the review page lists them).
    "blurry": {
        "en": "The photo is too blurry to read. Take it again in good light.",
        "es": "La foto está demasiado borrosa para leerla. Tómela de nuevo con buena luz.",
        "zh": "照片太模糊，無法閱讀。請在光線充足處重新拍攝。"},
    "cut_off": {
        "en": "Part of the page is cut off. Include the whole page.",
        "es": "Parte de la página quedó cortada. Incluya la página completa.",
        "zh": "頁面有一部分被裁切。請拍下整頁。"},
    "wrong_type": {
        "en": "This is not the document type you selected.",
        "es": "Este no es el tipo de documento que seleccionó.",
        "zh": "這不是您選擇的文件類型。"},
    "someone_else": {
        "en": "The document belongs to someone else.",
        "es": "El documento pertenece a otra persona.",
        "zh": "這份文件屬於其他人。"},
    "expired_permit": {
        "en": "The permit has expired. Upload your current permit.",
        "es": "El permiso está vencido. Suba su permiso vigente.",
        "zh": "許可證已過期。請上傳您目前有效的許可證。"},
}
STAFF_TEMPLATES = ("blurry", "cut_off", "wrong_type", "someone_else", "expired_permit")


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    params: tuple[tuple[str, str], ...] = ()

    def text(self, language: str | None) -> str:
        language = language if language in WHAT_TO_UPLOAD else "en"
        template = REASONS[self.code].get(language or "en") or REASONS[self.code]["en"]
        return template.format(upload=WHAT_TO_UPLOAD[language or "en"], **dict(self.params))

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "params": dict(self.params)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> Reason | None:
        if not data or data.get("code") not in REASONS:
            return None
        params = data.get("params") or {}
        return cls(str(data["code"]), tuple((str(k), str(v)) for k, v in dict(params).items()))  # type: ignore[call-overload]


def reason(code: str, **params: object) -> Reason:
    if code not in REASONS:
        raise KeyError(f"no reason {code!r}")
    return Reason(code, tuple((k, str(v)) for k, v in params.items()))
