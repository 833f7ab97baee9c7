"""Lines that are lists, not prose: ingredient and quantity lines, bullet
fragments, spec lines. The garble model learnt Wikipedia sentences and
news prose; a line such as "1 (14-ounce) can coconut milk, shaken" or
"• Free delivery on all orders" is outside what it knows, and it scores
such lines (and the rare or technical words in them) as garbled. The
garble rules do not score them, and they do not count toward a
document's mean score.

A list line has no finite verb (no auxiliary, modal or subject pronoun:
a plain lexical verb cannot be told from a noun without a tagger, so the
other cues below carry that) and one of:

- a measure: a quantity (a number, a vulgar fraction like ½ or 1/2, a
  range) followed by a unit of measure ("2 cups", "½ tsp", "200g",
  "1 (15 oz) can"), with the line led by a quantity or bullet, or a
  short fragment (no sentence-final stop);
- a bullet or list marker ("•", "-", "1.", "a)") at its start, in a short
  fragment;
- a quantity at its start, in a short fragment.

Prose keeps its sentence-final stop and its verbs: "15 people died in
the attack." or "The river is 25 km long." are scored as before.
"""
from __future__ import annotations

from ..regexcache import compiled as compiled_re

FRACTIONS = "¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞"
# 2, 1.5, 1,000, 1/2, 1 1/2, 1½, ½, 2-3, 2–3, 2 to 3 is two quantities
QUANTITY = rf"(?:\d+(?:[.,]\d+)*(?:\s*[{FRACTIONS}]|\s+\d+/\d+|/\d+)?|[{FRACTIONS}])(?:\s*[-–]\s*\d+(?:[.,/]\d+)*)?"

UNITS = frozenset("""
cup cups tablespoon tablespoons tbsp tbsps tbs tbl tbls teaspoon teaspoons tsp tsps
g gr gram grams gramme grammes kg kgs kilo kilos kilogram kilograms mg milligram milligrams
ml mls millilitre millilitres milliliter milliliters cl dl l lt litre litres liter liters
oz ounce ounces fl lb lbs pound pounds pint pints pt quart quarts qt gallon gallons gal
inch inches cm mm centimetre centimetres centimeter centimeters m metre metres meter meters
ft foot feet yd yard yards km mi mile miles
clove cloves pinch pinches dash dashes drop drops sprig sprigs stick sticks slice slices
can cans tin tins jar jars bottle bottles package packages packet packets pack packs pkg
bag bags box boxes carton cartons container containers envelope envelopes sachet sachets
bunch bunches handful handfuls head heads stalk stalks rib ribs sheet sheets knob knobs
piece pieces fillet fillets scoop scoops serving servings portion portions
x kcal cal calories mAh mah gb mb tb ghz mhz hz w kw v mp
""".split())

# Closed-class words that show a clause: finite auxiliaries and modals, and
# subject pronouns (which a clause's verb follows).
FINITE_CUES = frozenset("""
is isn't are aren't was wasn't were weren't am 's 're 'm has hasn't have haven't had hadn't
do don't does doesn't did didn't will won't would wouldn't 'll 'd 've can can't cannot could
couldn't shall should shouldn't may might must mustn't
i we you he she they it there
said says
""".split())

BULLET = compiled_re(r"\s*(?:[•·▪▫◦‣⁃●○■□►▶✓✔❖➢→*+]|[-–—](?=\s)|\d{1,2}[.)](?=\s)|\(?[a-z]\)(?=\s))\s*")
LEADING_QUANTITY = compiled_re(rf"\s*(?:about|approximately|approx\.?|around|~)?\s*{QUANTITY}(?![\w:])")
MEASURE = compiled_re(rf"(?<![\w.,/]){QUANTITY}\s*(?:\([^()]{{1,30}}\)\s*)?([^\W\d_]+)\.?")
FINAL_STOP = compiled_re(r"[.!?…][\"'”’)\]]*\s*$")
WORD = compiled_re(r"[^\W\d_]+(?:['’][^\W\d_]+)*|['’](?:s|re|m|ll|d|ve)\b")

FRAGMENT_WORDS = 12  # a line without a stop is a fragment up to this many words


def words_of(text: str) -> list[str]:
    return [w.lower().replace("’", "'") for w in WORD.findall(text)]


def has_finite_cue(words: list[str]) -> bool:
    return any(w in FINITE_CUES or (w.endswith("n't") and len(w) > 3) for w in words)


def has_measure(text: str) -> bool:
    """A quantity followed by a unit of measure ("2 cups", "200g", "1 (15 oz) can")."""
    return any(m.group(1).lower() in UNITS for m in MEASURE.finditer(text))


def without_measures(text: str) -> str:
    return MEASURE.sub(lambda m: " " if m.group(1).lower() in UNITS else m.group(), text)


def list_line(text: str) -> bool:
    """Whether text (one sentence of a block) is a list line (module docstring)."""
    bullet = BULLET.match(text)
    body = text[bullet.end():] if bullet else text
    led = bool(bullet) or bool(LEADING_QUANTITY.match(body))
    stopped = bool(FINAL_STOP.search(text))
    if stopped and not led:  # every kind needs a lead or no stop: most prose ends here, cheaply
        return False
    words = words_of(text)
    if has_finite_cue(words_of(without_measures(text))):  # the unit in "1 can tomatoes" is no modal
        return False
    short_fragment = not stopped and len(words) <= FRAGMENT_WORDS
    if has_measure(body) and (led or short_fragment):
        return True
    return led and short_fragment
