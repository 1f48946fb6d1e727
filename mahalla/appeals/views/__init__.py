"""HTML pages of appeals: resident, staff and public. Each view parses, calls one service,
renders."""
