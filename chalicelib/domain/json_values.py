"""JSON as a type, for data whose shape is someone else's: a document's fields (its type's), a record's data (its
kind's), stipend rules as staff wrote them, a W3C credential, a message body on its way to a queue.

`dict[str, Any]` would let any of these be used as anything; a `JsonValue` must be narrowed (isinstance) before it
is added to, iterated or indexed, which is where a malformed credential or a field of the wrong kind is caught.
Parameters that only read take `Mapping[str, JsonValue]`: a `dict[str, str]` is one, but not a `JsonObject`
(dict is invariant in its values).
"""

from collections.abc import Mapping

type JsonScalar = str | int | float | bool | None
type JsonValue = JsonScalar | list[JsonValue] | dict[str, JsonValue]
type JsonObject = dict[str, JsonValue]
type JsonMapping = Mapping[str, JsonValue]
