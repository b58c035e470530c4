def csp_nonce(request):
    """The NHS.UK page template reads `cspNonce` for its one inline script.

    django-csp's lazy nonce is falsy until evaluated, so it is turned into a string here.
    """
    nonce = getattr(request, "csp_nonce", None)
    return {"cspNonce": str(nonce) if nonce is not None else ""}
