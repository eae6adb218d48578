"""evaluations.rollups.accumulate, without a database: each node's figures summed up its subtree."""

from collections import Counter

from dangbo.evaluations.rollups import accumulate


def test_each_node_gets_its_own_figures_and_those_below():
    paths = {1: "/1/", 2: "/1/2/", 3: "/1/2/3/", 4: "/1/2/4/", 5: "/1/5/"}
    own = {
        3: Counter({"m:1": 2, "h": 5}),
        4: Counter({"m:1": 1, "m:r:Ốm": 1, "h": 3}),
        5: Counter({"o:g:n": 1, "m:2": 4, "h": 4}),
        2: Counter({"o:g:n": 1, "o:g:2": 1}),
    }
    totals = accumulate(paths, own)
    assert totals[3] == Counter({"m:1": 2, "h": 5})
    assert totals[2] == Counter({"o:g:n": 1, "o:g:2": 1, "m:1": 3, "m:r:Ốm": 1, "h": 8})
    assert totals[1] == Counter({"o:g:n": 2, "o:g:2": 1, "m:1": 3, "m:2": 4, "m:r:Ốm": 1, "h": 12})
    assert own[2] == Counter({"o:g:n": 1, "o:g:2": 1})  # the input is left as it was


def test_a_subtree_taken_below_the_root_has_its_own_top():
    # the subtree of node 7 in a larger tree: 7's parent (1) is not among the nodes
    paths = {7: "/1/7/", 8: "/1/7/8/", 9: "/1/7/8/9/"}
    totals = accumulate(paths, {9: Counter({"h": 2}), 8: Counter({"h": 1})})
    assert [totals[i]["h"] for i in (7, 8, 9)] == [3, 3, 2]
    assert set(totals) == {7, 8, 9}


def test_nodes_without_figures_are_present_and_empty():
    totals = accumulate({1: "/1/", 2: "/1/2/"}, {})
    assert totals == {1: Counter(), 2: Counter()}
