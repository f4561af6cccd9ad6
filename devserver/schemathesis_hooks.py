"""Schemathesis hooks for devserver/schemathesis.sh (loaded through SCHEMATHESIS_HOOKS)."""
import schemathesis


@schemathesis.hook
def filter_query(ctx, query):
    """Leave out the generated queries whose `filter[errorCode]` is empty or holds an empty code.

    In the contract's form style with `explode: false`, `[]` and `[""]` are both sent as
    `filter[errorCode]=`, and `["", "A"]` as `,A`, which is also `[",A"]` split: one request is
    schema-valid and schema-invalid at once, and schemathesis fails either answer. A code may
    hold a comma, so the dev server splits the list and skips empty pieces (an empty list
    filters nothing, like `filter[provisioningState]=`); its unit test checks that reading.
    """
    codes = (query or {}).get("filter[errorCode]")
    if isinstance(codes, str):
        codes = [codes]
    if not isinstance(codes, list):
        return True  # absent, or a value of another type: a case worth sending
    return len(codes) > 0 and all(c != "" for c in codes)
