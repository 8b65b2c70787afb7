"""What the fifteenth attack found, one test per finding, each failing
before its fix."""
from __future__ import annotations

from conftest import git, run
from test_bad_input import assert_clear_failure


def test_a_revision_whose_notice_has_a_python_tag_is_a_problem_not_a_usage_error(project):
    # A pull request under review commits the tag: the revision exists, its notice is what is wrong.
    git(project, "switch", "-q", "-c", "tagged")
    with (project / "notices" / "notice.yml").open("a") as notice:
        notice.write("x: !!python/object/apply:os.system [echo PWNED]\n")
    git(project, "commit", "-qam", "a tag")
    git(project, "switch", "-q", "-")
    for args in (("diff", "tagged", "notices"), ("review", "HEAD", "tagged")):
        result = run(*args, cwd=project)
        assert_clear_failure(result, (1,), "notices/notice.yml:")
        assert "YAML tag !!python/object/apply:os.system is not allowed" in result.err
        assert "as committed in" in result.err and "is not a version" not in result.err
        assert "PWNED" not in result.out + result.err
    assert_clear_failure(run("diff", "no-such-branch", "notices", cwd=project), (2,), "is not a version")
