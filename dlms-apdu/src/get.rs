//! GET-Request and GET-Response in all their forms.
