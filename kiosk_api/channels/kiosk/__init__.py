"""The lobby kiosk: a touch page served by the hub, working with the menus even when the assistant is down."""
