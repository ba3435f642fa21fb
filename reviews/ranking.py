"""How "most helpful" ranks reviews: the lower bound of the Wilson score interval.

A review found helpful by 9 of 10 voters should not rank below one found helpful by 1 of 1, nor
above one found helpful by 900 of 1,000. The share of "helpful" votes alone favours reviews with
few votes; the count of "helpful" votes favours old reviews. The lower bound of the 95% Wilson
score interval of the share (Wilson, 1927; Evan Miller, "How Not To Sort By Average Rating",
2009) is the share we can be confident of given how many voted: it grows with the share and
with the number of voters. The reviews list explains it to readers in these words.

It is stored on each review (`Review.helpful_score`) whenever its votes change, so that a film's
most helpful reviews are read from an index instead of being counted and sorted per request.
"""

import math

# The normal quantile for a two-sided 95% interval.
Z = 1.959963984540054


def helpfulness(helpful: int, total: int) -> float:
    """The lower bound of the 95% Wilson interval of `helpful` out of `total` votes; 0 if none."""
    if total <= 0:
        return 0.0
    share = helpful / total
    z2 = Z * Z
    centre = share + z2 / (2 * total)
    margin = Z * math.sqrt((share * (1 - share) + z2 / (4 * total)) / total)
    return max(0.0, (centre - margin) / (1 + z2 / total))
