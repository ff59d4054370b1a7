"""How large one piece of an input file may be, so that a hostile file cannot exhaust memory.

A reader checks these limits while it parses, and stops at the first one
crossed, before it builds the value that crosses it: the memory an import
needs then grows with the number of rows, never with the shape of one row.
docs/model.md lists them for users.

The limits are far above what a network's files hold (a node with a thousand
attributes, a name of a million characters), so that a real file never meets
them.
"""

from __future__ import annotations

from netnp.errors import InputError

#: Lists and objects nested in one another, counted from the document's own
#: top level: in node-link JSON a node's attribute value starts at depth 4
#: (document, ``nodes`` list, node, value). In GraphML and GEXF, elements
#: nested in one another, the root element at depth 1 (a ``<data>`` element is
#: at depth 4).
MAX_NESTING_DEPTH = 64

#: Characters of one text value or attribute name: a CSV cell, the text of a
#: GraphML or GEXF ``<data>`` or ``<default>`` element, an XML attribute value.
MAX_FIELD_CHARS = 1 << 20

#: Bytes of the file that one value (a text with its quotes and escapes, a
#: number, an attribute name) may take: four per character, the most UTF-8
#: needs. The reader checks it before it reads more of the file, so a long
#: value is refused before its end.
MAX_FIELD_BYTES = 4 * MAX_FIELD_CHARS

#: Bytes (UTF-8) of an id, alias or name. Neo4j indexes ids and names
#: (netnp/cypher/schema/), and an index entry holds at most 8,164 bytes of text:
#: a longer value would fail its batch in the middle of the write.
MAX_INDEXED_BYTES = 8_000

#: Attributes (keys) of one node, tie, or object inside them; in a CSV file,
#: the columns of the header and the cells of one row; in GraphML and GEXF, the
#: ``<data>`` or ``<attvalue>`` elements of one node or edge, and the attributes
#: declared for nodes, or for edges (``<key>``, ``<attribute>``).
MAX_ATTRIBUTES = 1_000

#: Values of one node or tie: attribute names, texts, numbers, booleans, nulls,
#: lists and objects, at any depth (a list of a million numbers is a million values).
MAX_ROW_VALUES = 100_000

#: Bytes of the file that one node or tie, or any other value of the document's
#: top level, may take, white space included. The reader checks it before it
#: reads more of the file, so a value never ends up in memory beyond it. It
#: also bounds one record of a CSV file (its lines, quoted line breaks
#: included), and one XML tag, comment or other markup that the parser holds
#: whole before it reports it.
MAX_ROW_BYTES = 16 << 20


class LimitExceeded(InputError):
    """An input file crosses one of the limits above: the whole import stops."""
