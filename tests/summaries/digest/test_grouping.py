"""The digest's clustering and grouping rules on hand-made vectors: no database, no model."""

import math

import numpy as np

from summaries.digest.grouping import DigestItem, cluster, group_items


def at_angles(*degrees: float) -> np.ndarray:
    """Unit vectors in a plane: the cosine of two is the cosine of the angle between them."""
    return np.array([[math.cos(math.radians(d)), math.sin(math.radians(d))] for d in degrees])


def item(text: str, outlet: str) -> DigestItem:
    return {
        "summary_id": 0,
        "article_id": "",
        "headline": "",
        "headline_lang": "en",
        "headline_dir": "ltr",
        "text": text,
        "outlet": outlet,
        "outlet_lang": "",
        "outlet_dir": "ltr",
        "source_url": "",
        "approved_at": "",
    }


class TestCluster:
    def test_average_link_does_not_chain(self):
        """a~b and b~c are close (cos 25°), a~c is not (cos 50°): c stays out, where single link would chain."""
        assert cluster(at_angles(0, 25, 50), 0.8) == [[0, 1], [2]]

    def test_ties_go_to_the_lowest_indexes_and_clusters_come_in_order(self):
        assert cluster(at_angles(90, 0, 0, 90), 0.99) == [[0, 3], [1, 2]]

    def test_nothing_merges_below_the_threshold_and_no_input_no_clusters(self):
        assert cluster(at_angles(0, 60, 120), 0.9) == [[0], [1], [2]]
        assert cluster(np.zeros((0, 2)), 0.9) == []


class TestGroupItems:
    ANGLES = {"x1": 0, "x2": 1, "y1": 90, "y2": 91, "y3": 89, "solo": 45, "other": 135, "pasted": 170}

    def embed(self, texts: list[str]) -> np.ndarray:
        return at_angles(*[self.ANGLES[text] for text in texts])

    def test_stories_first_largest_first_then_outlets_with_unknown_last(self):
        """Stories by size, then outlets alphabetically (case-insensitive), items in their given order."""
        items = [
            item("pasted", ""),
            item("x1", "A"),
            item("y1", "b"),
            item("solo", "C"),
            item("x2", "b"),
            item("y2", ""),
            item("other", "a"),
            item("y3", "A"),
        ]
        groups = group_items(items, embed=self.embed, threshold=0.9)
        assert [(group["kind"], group["outlet"], [entry["text"] for entry in group["items"]]) for group in groups] == [
            ("story", "", ["y1", "y2", "y3"]),
            ("story", "", ["x1", "x2"]),
            ("outlet", "a", ["other"]),
            ("outlet", "C", ["solo"]),
            ("outlet", "", ["pasted"]),
        ]

    def test_one_outlet_is_not_a_story_and_is_not_embedded(self):
        """Two close items from one outlet stay in the outlet's group; with a single outlet nothing is embedded."""

        def refuse(texts: list[str]) -> np.ndarray:
            raise AssertionError("embedded although no story was possible")

        groups = group_items([item("x1", "A"), item("x2", "A")], embed=refuse, threshold=0.9)
        assert [(group["kind"], group["outlet"], len(group["items"])) for group in groups] == [("outlet", "A", 2)]
