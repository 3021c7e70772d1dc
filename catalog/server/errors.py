"""The CKAN action errors. The web layer turns each into CKAN's HTTP status and `error.__type`."""

from __future__ import annotations


class ActionError(Exception):
    status = 400
    type_name = "Bad Request"

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def error_dict(self) -> dict | str:
        return {"__type": self.type_name, "message": self.message}


class NotFound(ActionError):
    status = 404
    type_name = "Not Found Error"

    def __init__(self, message: str = ""):
        super().__init__(f"Not found: {message}" if message else "Not found")


class NotAuthorized(ActionError):
    status = 403
    type_name = "Authorization Error"

    def __init__(self, message: str = ""):
        super().__init__(f"Access denied: {message}" if message else "Access denied")


class ValidationError(ActionError):
    """Field errors, answered 409 as `{"field": ["message"], "__type": "Validation Error"}`."""

    status = 409
    type_name = "Validation Error"

    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors

    def error_dict(self) -> dict:
        return {**self.errors, "__type": self.type_name}


class SearchQueryError(ActionError):
    status = 400
    type_name = "Search Query Error"

    def __init__(self, message: str):
        super().__init__(f"Search Query is invalid: {message}")


class IntegrityError(ActionError):
    """Data of the wrong shape (CKAN's DataError); `data` is what was refused."""

    status = 400
    type_name = "Integrity Error"

    def __init__(self, message: str, data=None):
        super().__init__(message)
        self.data = data

    def error_dict(self) -> dict:
        return {"__type": self.type_name, "message": self.message, "data": self.data}


class UnknownAction(ActionError):
    status = 400

    def __init__(self, name: str):
        super().__init__(f"Bad request - Action name not known: {name}")

    def error_dict(self) -> str:
        return self.message


class BadRequest(ActionError):
    status = 400

    def error_dict(self) -> str:
        return self.message
