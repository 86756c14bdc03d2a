from itsmkit.render.markdown import Heading, ListBlock, Paragraph, Table, Toc, finish, parse, plain


def test_parse_the_subset():
    blocks = parse(
        "# Title\n\n<!-- toc -->\n\n## 1. Part\n\nSome **bold** and *italic* \\*text\\*.\n\n"
        "- one\n- two\n\n1. a\n\n1. b\n\n| h1 | h2 |\n| --- | --- |\n| x \\| y | z |\n"
    )
    kinds = [type(b) for b in blocks]
    assert kinds == [Heading, Toc, Heading, Paragraph, ListBlock, ListBlock, Table]
    para = blocks[3]
    assert isinstance(para, Paragraph)
    assert [(r.text, r.bold, r.italic) for r in para.runs] == [
        ("Some ", False, False),
        ("bold", True, False),
        (" and ", False, False),
        ("italic", False, True),
        (" *text*.", False, False),
    ]
    ordered = blocks[5]
    assert isinstance(ordered, ListBlock) and ordered.ordered and len(ordered.items) == 2
    table = blocks[6]
    assert isinstance(table, Table)
    assert [plain(c) for c in table.rows[0]] == ["x | y", "z"]


def test_finish_expands_the_contents_and_tidies():
    text = finish("# T\n\n\n\n<!-- toc -->\n\n## 1. A  \n\n## B\n", "Contents")
    assert text == "# T\n\n**Contents**\n\n- 1\\. A\n- B\n\n## 1. A\n\n## B\n"
