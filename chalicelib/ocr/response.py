"""The Textract DetectDocumentText response, as every engine here shapes it (base.blocks_for_pages builds it for
Tesseract and a PDF's text layer; Textract's own blocks are kept as Textract sent them, each given its page).

Only what this code base reads or writes is described: trp reads the rest of a Textract block as it comes.
"""

from typing import NotRequired, TypedDict


class BoundingBox(TypedDict):
    """Fractions of the page."""
    Width: float
    Height: float
    Left: float
    Top: float


class Point(TypedDict):
    X: float
    Y: float


class Geometry(TypedDict):
    BoundingBox: BoundingBox
    Polygon: NotRequired[list[Point]]


class Relationship(TypedDict):
    Type: str  # CHILD
    Ids: list[str]


class Block(TypedDict):
    BlockType: str  # PAGE | LINE | WORD
    Id: str
    Page: NotRequired[int]  # 1-based
    Text: NotRequired[str]
    TextType: NotRequired[str]
    Confidence: NotRequired[float]  # 0..100
    Geometry: NotRequired[Geometry]
    Relationships: NotRequired[list[Relationship]]


class DocumentMetadata(TypedDict):
    Pages: int


class EngineDetail(TypedDict):
    """Not Textract's: which engine read the file, and the pages it turned upright (page number: degrees)."""
    source: str
    rotations: NotRequired[dict[int, int]]


class TextractResponse(TypedDict):
    DocumentMetadata: DocumentMetadata
    Blocks: list[Block]
    EngineDetail: NotRequired[EngineDetail]
