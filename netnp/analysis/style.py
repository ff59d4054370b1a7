"""The Neo4j Browser style (GraSS) that colours the analysis roles.

Browser reads GraSS with its own small parser (``parseGrassCSS`` in
neo4j-browser's ``src/shared/services/grassUtils.ts``; rules are applied by
``GraphStyleModel`` in ``src/neo4j-arc/graph-visualization/models/GraphStyle.ts``),
not with a CSS parser, and the text written here follows what that code accepts:

* a rule is ``node.Label { prop: value; ... }`` or ``relationship.TYPE { ... }``;
  values may hold no ``;`` and no ``:``, and a caption is quoted (``"{name}"``);
* there is no comment syntax: a ``/* ... */`` becomes part of the next selector.
  Worse, ``:style`` takes its argument up to the next ``:style`` in the text, so a
  comment that mentions the command leaves nothing to parse;
* each rule stays on one line: Browser's editor closes a ``{`` typed at the end of a
  line by itself, and the extra ``}`` at the end makes a rule with an empty
  selector, which crashes the next graph view;
* there is no CSS specificity: every rule whose labels a node carries applies, in
  the order of the text, and the later one wins. So the kinds come first, then the
  roles from the weakest to the strongest (Hub last);
* when a label has no rule of its own with a colour and a caption, Browser appends
  one, with a colour of its palette, at the *end* of the style (the legend of a
  result asks for each label alone), where it beats the roles. Every label that
  netnp puts on nodes therefore gets its own rule with both.
"""

from __future__ import annotations

from netnp.model import ENTITY_LABEL, KINDS, ROLE_LABELS

#: Node rules in the order Browser applies them: later rules win. Each has a
#: colour and a caption (see the module docstring).
NODE_RULES: tuple[tuple[str, dict[str, str]], ...] = (
    ("NetnpAnalysed", {"color": "#D9D9D9", "border-color": "#A0A0A0", "text-color-internal": "#333333",
                       "diameter": "40px", "caption": "{name}"}),
    (ENTITY_LABEL, {"color": "#D9D9D9", "border-color": "#A0A0A0", "text-color-internal": "#333333",
                    "diameter": "40px", "caption": "{name}"}),
    ("Person", {"color": "#C5E1A5", "border-color": "#7CB342", "text-color-internal": "#333333",
                "caption": "{name}"}),
    ("Organization", {"color": "#CE93D8", "border-color": "#8E24AA", "text-color-internal": "#333333",
                      "caption": "{name}"}),
    ("WebPage", {"color": "#FFF59D", "border-color": "#F9A825", "text-color-internal": "#333333",
                 "caption": "{name}"}),
    ("WebEntity", {"color": "#FFE082", "border-color": "#FF8F00", "text-color-internal": "#333333",
                   "caption": "{id}"}),
    ("Periphery", {"color": "#EEEEEE", "border-color": "#9E9E9E", "text-color-internal": "#333333",
                   "diameter": "30px", "caption": "{name}"}),
    ("Core", {"color": "#FFA726", "border-color": "#EF6C00", "text-color-internal": "#333333",
              "diameter": "50px", "caption": "{name}"}),
    ("Bridge", {"color": "#42A5F5", "border-color": "#1565C0", "text-color-internal": "#FFFFFF",
                "diameter": "50px", "caption": "{name}"}),
    ("Hub", {"color": "#E53935", "border-color": "#B71C1C", "text-color-internal": "#FFFFFF",
             "diameter": "65px", "caption": "{name}"}),
    ("NetnpMeta", {"color": "#FFFFFF", "border-color": "#000000", "text-color-internal": "#333333",
                   "caption": "{key}"}),
    ("CrawlJob", {"color": "#FFFFFF", "border-color": "#000000", "text-color-internal": "#333333",
                  "caption": "{key}"}),
    ("NetnpRun", {"color": "#FFFFFF", "border-color": "#000000", "text-color-internal": "#333333",
                  "caption": "{id}"}),
    ("NetnpRunChunk", {"color": "#FFFFFF", "border-color": "#000000", "text-color-internal": "#333333",
                       "caption": "{part}"}),
)

#: The role colours, for documentation and tests: Hub red, Core orange, Bridge
#: blue, Periphery light grey.
ROLE_COLOURS = {label: props["color"] for label, props in NODE_RULES if label in ROLE_LABELS}

#: The kind colours, which a node shows when it has no role.
KIND_COLOURS = {label: props["color"] for label, props in NODE_RULES if label in KINDS}


def _rule(selector: str, props: dict[str, str]) -> str:
    body = " ".join(f'{key}: "{value}";' if key == "caption" else f"{key}: {value};" for key, value in props.items())
    return f"{selector} {{ {body} }}"


def browser_style() -> str:
    """The GraSS text that colours Hub, Core, Bridge and Periphery nodes in Neo4j Browser.

    One rule a line, kinds before roles and Hub last, no comment: paste it after
    ``:style`` in Browser's editor, or save it as a ``.grass`` file and drop the
    file onto Browser.
    """
    lines = [_rule(f"node.{label}", props) for label, props in NODE_RULES]
    return "\n".join(lines) + "\n"
