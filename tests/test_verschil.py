from lib.verschil import woordverschil


def test_changed_word_is_marked_as_deleted_and_inserted():
    assert woordverschil("De actie loopt.", "De actie is afgerond.") == (
        "De actie <del>loopt.</del> <ins>is afgerond.</ins>"
    )


def test_markup_in_either_text_is_escaped():
    uit = woordverschil("<b>oud</b>", "<script>alert(1)</script>")
    assert "<script>" not in uit and "&lt;script&gt;" in uit and "<b>" not in uit


def test_equal_texts_have_no_marks():
    assert woordverschil("gelijk", "gelijk") == "gelijk"
