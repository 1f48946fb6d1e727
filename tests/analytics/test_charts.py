from hypothesis import given
from hypothesis import strategies as st

from mahalla.analytics.charts import grouped_bars


@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=24))
def test_y_ticks_are_whole_numbers_that_cover_the_tallest_bar(values):
    chart = grouped_bars([str(i) for i in range(len(values))], [values])
    ticks = [tick["value"] for tick in chart["ticks_y"]]
    assert all(t == int(t) for t in ticks)
    assert ticks[0] == 0 and ticks[-1] >= max(values)
    assert ticks[-1] <= max(4, 2 * max(values))  # no chart squeezed into its lower half
    assert all(0 <= bar.height <= 182 for bar in chart["bars"])  # inside the plot
