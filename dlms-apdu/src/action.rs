//! ACTION-Request and ACTION-Response in all their forms.
