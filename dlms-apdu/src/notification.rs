//! EventNotificationRequest and DataNotification.
