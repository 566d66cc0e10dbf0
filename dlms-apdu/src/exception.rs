//! ExceptionResponse and ConfirmedServiceError.
