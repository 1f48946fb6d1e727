"""GeoReport v2 as published (wiki.open311.org/GeoReport_v2 and /Service_Discovery), written down
once for the tests: the response fields of each method in the order the spec lists them, and
the allowed values it names. The tests compare our answers with these, never with our code.
"""

import re

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"

# Service Discovery: "All fields are required."
DISCOVERY_FIELDS = ("changeset", "contact", "key_service", "endpoints")
ENDPOINT_FIELDS = ("specification", "url", "changeset", "type", "formats")
ENDPOINT_TYPES = {"production", "test"}

# GET Service List: services ⇊ service ↴
SERVICE_FIELDS = ("service_code", "service_name", "description", "metadata", "type", "keywords",
                  "group")
SERVICE_TYPES = {"realtime", "batch", "blackbox"}

# GET Service Definition: service_definition ↴ … attributes ⇊ attribute ↴ … values ⇊ value ↴
DEFINITION_FIELDS = ("service_code", "attributes")
ATTRIBUTE_FIELDS = ("variable", "code", "datatype", "required", "datatype_description", "order",
                    "description", "values")
VALUE_FIELDS = ("key", "name")
DATATYPES = {"string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"}
LIST_DATATYPES = {"singlevaluelist", "multivaluelist"}

# POST Service Request: service_requests ⇊ request ↴. "token: This should not be returned if
# service_request_id is returned" (and the reverse), so a realtime service omits it.
POST_RESPONSE_FIELDS = ("service_request_id", "token", "service_notice", "account_id")
POST_RESPONSE_REALTIME = tuple(f for f in POST_RESPONSE_FIELDS if f != "token")

# GET service_request_id from a token: service_requests ⇊ request ↴
TOKEN_FIELDS = ("service_request_id", "token")

# GET Service Requests and GET Service Request: service_requests ⇊ request ↴
REQUEST_FIELDS = ("service_request_id", "status", "status_notes", "service_name", "service_code",
                  "description", "agency_responsible", "service_notice", "requested_datetime",
                  "updated_datetime", "expected_datetime", "address", "address_id", "zipcode",
                  "lat", "long", "media_url")
REQUEST_STATUSES = {"open", "closed"}
DATETIME_FIELDS = ("requested_datetime", "updated_datetime", "expected_datetime")
# "Default query limit is a span of 90 days or first 1000 requests returned".
DEFAULT_SPAN_DAYS = 90
MAX_REQUESTS = 1000
# description: "free form text limited to 4,000 characters".
MAX_DESCRIPTION = 4000

# Errors: errors ⇊ error ↴
ERROR_FIELDS = ("code", "description")

# "All date/time fields must be formatted in a common subset of ISO 8601 as per the w3 note.
# Timezone information (either Z meaning UTC, or an HH:MM offset from UTC) must be included."
W3C_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")

# Content types of "Format Support".
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}

# JSON lists and the XML element of each item (the Spark convention of the spec).
XML_LISTS = {"services": "service", "attributes": "attribute", "values": "value",
             "service_requests": "request", "errors": "error", "endpoints": "endpoint",
             "formats": "format"}
