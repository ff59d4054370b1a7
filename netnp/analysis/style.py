"""The Neo4j Browser style (GraSS) that colours the analysis roles."""

from __future__ import annotations

#: Role colours: Hub red, Core orange, Bridge blue, Periphery grey. Browser applies the
#: label that comes last in the style among a node's labels, so Hub wins over Bridge
#: over Core over Periphery.
_STYLE = """\
/* netnp analysis roles: paste into Neo4j Browser with :style, or drag this file onto it. */
node {
  diameter: 40px;
  color: #D9D9D9;
  border-color: #A0A0A0;
  border-width: 1px;
  text-color-internal: #333333;
  caption: "{name}";
  font-size: 10px;
}
node.Entity { caption: "{name}"; }
node.NetnpAnalysed { color: #D9D9D9; border-color: #A0A0A0; }
node.Periphery { color: #EEEEEE; border-color: #9E9E9E; diameter: 30px; caption: "{name}"; }
node.Core { color: #FFA726; border-color: #EF6C00; diameter: 50px; caption: "{name}"; }
node.Bridge { color: #42A5F5; border-color: #1565C0; diameter: 50px; caption: "{name}"; }
node.Hub { color: #E53935; border-color: #B71C1C; text-color-internal: #FFFFFF; diameter: 65px; caption: "{name}"; }
node.NetnpMeta { color: #FFFFFF; border-color: #000000; caption: "{key}"; }
relationship { color: #A5ABB6; shaft-width: 1px; caption: "<type>"; font-size: 8px; }
relationship.NETNP_TIE { color: #C8C8C8; shaft-width: 1px; caption: "{netnp_overlap}"; }
relationship.NETNP_ARC { color: #DDDDDD; shaft-width: 1px; caption: ""; }
"""


def browser_style() -> str:
    """The GraSS text that colours Hub, Core, Bridge and Periphery nodes in Neo4j Browser."""
    return _STYLE
