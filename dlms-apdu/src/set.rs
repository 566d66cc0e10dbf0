//! SET-Request and SET-Response in all their forms.
