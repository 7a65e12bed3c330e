using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Letters.Infrastructure;

/// <summary>
/// Example requests and responses for every client endpoint in <c>/openapi/v1.json</c>, so <c>/docs</c> shows a
/// working call rather than an empty schema. Keyed by method and route; the test suite fails if a /v1
/// operation has none.
/// </summary>
public static class OpenApiExamples
{
    private const string Order = """
        {"id":"019a6f3e-8d95-7e5d-b6de-baa290210b2e","object":"order","status":"queued","mode":"test",
         "recipient_id":"019a6f3e-8d95-7c8f-b437-32ee9afff3fd",
         "recipient":{"id":"019a6f3e-8d95-7c8f-b437-32ee9afff3fd","object":"recipient","name":"Claire Martin","relationship":null,
           "address_line1":"12 Rue Cler","address_line2":null,"city":"Paris","region":null,"postal_code":"75007","country":"FR",
           "created_at":"2026-11-21T10:00:00+00:00","updated_at":"2026-11-21T10:00:00+00:00"},
         "occasion":"anniversary","relationship":"wife of 50 years",
         "brief":"Fifty years since she asked whether the almond croissants at the bakery on Rue Cler were any good.",
         "tone":"romantic","length":"standard","language":"en","style":"allure","ink":"blue_black","paper":"cream","page_size":"a5",
         "signature":"Henri","deliver_by":"2026-12-14","priority":"standard","metadata":{"crm_id":"C-42"},
         "price":{"amount":0,"currency":"USD","lines":[{"item":"letter_standard","description":"A standard handwritten letter (about 250 words)","amount":0},
           {"item":"envelope","description":"Envelope addressed by hand, stamped and posted","amount":0}]},"revision_available":false,
         "created_at":"2026-11-21T10:00:00+00:00","updated_at":"2026-11-21T10:00:00+00:00",
         "links":{"self":"/v1/orders/019a6f3e-8d95-7e5d-b6de-baa290210b2e","events":"/v1/orders/019a6f3e-8d95-7e5d-b6de-baa290210b2e/events",
           "proof":"/v1/orders/019a6f3e-8d95-7e5d-b6de-baa290210b2e/proof.pdf","letter":"/v1/orders/019a6f3e-8d95-7e5d-b6de-baa290210b2e/letter.pdf"}}
        """;

    private const string Recipient = """
        {"id":"019a6f3e-8d95-7c8f-b437-32ee9afff3fd","object":"recipient","name":"Claire Martin","relationship":"wife",
         "address_line1":"12 Rue Cler","address_line2":null,"city":"Paris","region":null,"postal_code":"75007","country":"FR",
         "created_at":"2026-11-21T10:00:00+00:00","updated_at":"2026-11-21T10:00:00+00:00"}
        """;

    private const string RecipientInput = """
        {"name":"Claire Martin","relationship":"wife","address_line1":"12 Rue Cler","city":"Paris","postal_code":"75007","country":"FR"}
        """;

    private const string Endpoint = """
        {"id":"019a6f3e-8d95-7b20-a1c4-3e5f7a9b1c2d","object":"webhook_endpoint","mode":"live","url":"https://crm.example.com/letters/webhooks",
         "description":"Our CRM","event_types":["letter.rendered","letter.delivered"],"status":"enabled","disabled_at":null,"disabled_reason":null,
         "failing_since":null,"previous_secret_expires_at":null,"created_at":"2026-11-21T10:00:00+00:00","updated_at":"2026-11-21T10:00:00+00:00","secret":null}
        """;

    private static readonly string EndpointWithSecret = Endpoint.Replace("\"secret\":null", "\"secret\":\"whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD\"", StringComparison.Ordinal);

    private const string Event = """
        {"id":"evt_1042","object":"event","type":"letter.rendered","mode":"live","order_id":"019a6f3e-8d95-7e5d-b6de-baa290210b2e","sequence":1042,
         "from_status":"approved","to_status":"approved","created_at":"2026-11-21T10:00:00+00:00","data":{"order":ORDER}}
        """;

    private const string Campaign = """
        {"id":"019a6f3e-8d95-7a11-9c3e-2b4d6f8a0c1e","object":"campaign","name":"Winter thank-yous","kind":"one_letter","state":"rendering","mode":"live",
         "percent":65,"counts":{"rows_total":2000,"rows_valid":1963,"rows_invalid":37,"rows_with_warnings":4,"orders_created":1963,"letters_rendered":1291},
         "failure_reason":null,"file":{"sha256":"3f1c9a0e5b7d2c4e6a8b0d1f3e5c7a9b1d3f5e7c9a1b3d5f7e9c1a3b5d7f9e1c","file_name":"donors.csv","size_bytes":161204,"uploaded_at":"2026-11-21T10:00:00+00:00"},
         "letter_order_id":"019a6f3e-8d95-7e5d-b6de-baa290210b2e","merge_fields":["name","first_name","last_name","city","region","country","custom.gift"],
         "occasion":"thank_you","relationship":"donor","brief":"Thank each donor for their gift to the library this winter, and name what it paid for.",
         "tone":"warm","length":"short","language":"en","style":"allure","ink":"blue_black","paper":"cream","page_size":"a5","signature":"The Library",
         "deliver_by":"2026-12-20","created_at":"2026-11-21T10:00:00+00:00","updated_at":"2026-11-21T11:30:00+00:00"}
        """;

    private const string Standing = """
        {"id":"019a6f3e-8d95-7d40-8e2a-6c1b3d5f7a90","object":"standing_order","mode":"live","recipient_id":"019a6f3e-8d95-7c8f-b437-32ee9afff3fd",
         "occasion":"anniversary","occasion_name":null,"month":2,"day":29,"time_zone":"Europe/Paris","leap_day":"march1","lead_days":21,
         "relationship":"wife","brief":"Every year since the bakery on Rue Cler: the croissant, the dog, the fifty years.","tone":"romantic","length":"standard",
         "language":"en","style":null,"ink":null,"paper":null,"page_size":null,"signature":"Henri","paused":false,
         "next":{"year":2027,"date":"2027-03-01","ordered_at":"2027-02-07T23:00:00+00:00","note":"We finally went back to Lisbon.","skipped":false,"reminded_at":null,"order_id":null,"missed_at":null},
         "years":[],"created_at":"2026-11-21T10:00:00+00:00","updated_at":"2026-11-21T10:00:00+00:00"}
        """;

    private const string Book = """
        {"id":"019a6f3e-8d95-7f12-a4b6-c8d0e2f4a6b8","object":"book","mode":"live","recipient_id":"019a6f3e-8d95-7c8f-b437-32ee9afff3fd",
         "from":null,"to":null,"title":"Fifty Years of Mornings","dedication":"For Claire, who kept every one of them.","trim":"six_by_nine",
         "state":"done","letters_total":2,"letters_placed":2,"percent":100,"page_count":24,"gutter_inches":0.375,
         "contents":[{"order_id":"019a6f3e-8d95-7e5d-b6de-baa290210b2e","date":"2025-06-14","occasion":"Anniversary","place":"Paris, France","page":7,"pages":2},
                     {"order_id":"019a6f3e-8d95-7e5d-b6de-baa290210c3f","date":"2026-06-14","occasion":"Anniversary","place":"Lisbon, Portugal","page":9,"pages":1}],
         "failure_reason":null,"pdf_url":"/v1/books/019a6f3e-8d95-7f12-a4b6-c8d0e2f4a6b8/book.pdf","created_at":"2026-11-21T10:00:00+00:00","finished_at":"2026-11-21T10:00:03+00:00"}
        """;

    private static readonly Dictionary<string, (string? Request, string Status, string? Response)> Examples = new()
    {
        ["POST v1/books"] = ("""{"recipient_id":"019a6f3e-8d95-7c8f-b437-32ee9afff3fd","title":"Fifty Years of Mornings","dedication":"For Claire, who kept every one of them.","trim":"six_by_nine"}""", "202",
            Book.Replace("\"state\":\"done\"", "\"state\":\"queued\"", StringComparison.Ordinal)),
        ["GET v1/books"] = (null, "200", $"[{Book}]"),
        ["GET v1/books/{id}"] = (null, "200", Book),
        ["GET v1/books/{id}/book.pdf"] = (null, "200", null),
        ["POST v1/standing_orders"] = ("""{"recipient_id":"019a6f3e-8d95-7c8f-b437-32ee9afff3fd","occasion":"anniversary","month":2,"day":29,"time_zone":"Europe/Paris","leap_day":"march1","relationship":"wife","brief":"Every year since the bakery on Rue Cler: the croissant, the dog, the fifty years.","tone":"romantic","length":"standard","signature":"Henri"}""", "201", Standing),
        ["GET v1/standing_orders"] = (null, "200", $"[{Standing}]"),
        ["GET v1/standing_orders/{id}"] = (null, "200", Standing),
        ["PATCH v1/standing_orders/{id}"] = ("""{"paused":true}""", "200", Standing),
        ["PUT v1/standing_orders/{id}/years/{year}"] = ("""{"note":"We finally went back to Lisbon."}""", "200", Standing),
        ["DELETE v1/standing_orders/{id}"] = (null, "204", null),
        ["POST v1/campaigns"] = ("""{"name":"Winter thank-yous","kind":"one_letter","occasion":"thank_you","relationship":"donor","tone":"warm","length":"short","brief":"Thank each donor for their gift to the library this winter, and name what it paid for.","signature":"The Library","deliver_by":"2026-12-20"}""", "201", Campaign),
        ["GET v1/campaigns"] = (null, "200", $$"""{"object":"list","data":[{{Campaign}}],"has_more":false,"next_cursor":null,"previous_cursor":null}"""),
        ["GET v1/campaigns/template.csv"] = (null, "200", null),
        ["GET v1/campaigns/{id}"] = (null, "200", Campaign),
        ["GET v1/campaigns/{id}/events"] = (null, "200", """[{"object":"campaign_event","from_state":"validating","to_state":"ready","note":"2,000 rows: 1,963 valid, 37 with errors, 4 with warnings.","created_at":"2026-11-21T10:00:02+00:00"}]"""),
        ["PUT v1/campaigns/{id}/file"] = (null, "202", Campaign),
        ["GET v1/campaigns/{id}/report"] = (null, "200", """{"object":"campaign_report","state":"ready","counts":{"rows_total":2000,"rows_valid":1963,"rows_invalid":37,"rows_with_warnings":4,"orders_created":0,"letters_rendered":0},"problems":[{"row":29,"column":"postal_code","value":"2134","severity":"warning","message":"A US ZIP code has 5 digits: '2134' looks like '02134' with its leading zero dropped by a spreadsheet. Format the column as text."},{"row":83,"column":"country","value":"FRANCE","severity":"error","message":"'country' must be an ISO 3166-1 alpha-2 code, e.g. FR or US."}],"has_more":false,"next_after_row":null}"""),
        ["GET v1/campaigns/{id}/report.csv"] = (null, "200", null),
        ["POST v1/campaigns/{id}/start"] = ("""{"on_invalid":"skip_invalid"}""", "202", Campaign),
        ["POST v1/campaigns/{id}/cancel"] = (null, "200", Campaign),
        ["GET v1/campaigns/{id}/letters.pdf"] = (null, "200", null),
        ["GET v1/campaigns/{id}/manifest.csv"] = (null, "200", null),
        ["POST v1/webhook_endpoints"] = ("""{"url":"https://crm.example.com/letters/webhooks","event_types":["letter.rendered","letter.delivered"],"description":"Our CRM"}""", "201", EndpointWithSecret),
        ["GET v1/webhook_endpoints"] = (null, "200", $$"""{"object":"list","data":[{{Endpoint}}]}"""),
        ["GET v1/webhook_endpoints/{id}"] = (null, "200", Endpoint),
        ["PATCH v1/webhook_endpoints/{id}"] = ("""{"enabled":true}""", "200", Endpoint),
        ["DELETE v1/webhook_endpoints/{id}"] = (null, "204", null),
        ["POST v1/webhook_endpoints/{id}/test"] = (null, "202", """{"object":"webhook_message","message_id":"msg_019a6f3e8d957b20a1c43e5f7a9b1c2d","type":"webhook.test"}"""),
        ["POST v1/webhook_endpoints/{id}/rotate"] = ("""{"keep_previous_hours":24}""", "200",
            EndpointWithSecret.Replace("\"previous_secret_expires_at\":null", "\"previous_secret_expires_at\":\"2026-11-22T10:00:00+00:00\"", StringComparison.Ordinal)),
        ["POST v1/webhook_endpoints/{id}/replay"] = ("""{"since":"2026-11-20T00:00:00+00:00","until":"2026-11-21T00:00:00+00:00"}""", "202", """{"object":"replay","count":14}"""),
        ["GET v1/webhook_endpoints/{id}/deliveries"] = (null, "200", """
            {"object":"list","data":[
              {"id":8812,"object":"webhook_attempt","message_id":"evt_1042","event_type":"letter.rendered","attempt":2,"attempted_at":"2026-11-21T10:00:05+00:00","status_code":200,"succeeded":true,"latency_ms":84,"response":"ok"},
              {"id":8807,"object":"webhook_attempt","message_id":"evt_1042","event_type":"letter.rendered","attempt":1,"attempted_at":"2026-11-21T10:00:00+00:00","status_code":503,"succeeded":false,"latency_ms":2013,"response":"Service Unavailable"}],
             "has_more":false,"next_cursor":null}
            """),
        ["GET v1/events"] = (null, "200", $$"""{"object":"list","data":[{{Event.Replace("ORDER", Order, StringComparison.Ordinal)}}],"has_more":false,"next_cursor":"MTIwNzMuMTA0Mg"}"""),
        ["POST v1/orders"] = ("""
            {"recipient":{"name":"Claire Martin","address_line1":"12 Rue Cler","city":"Paris","postal_code":"75007","country":"FR"},
             "occasion":"anniversary","relationship":"wife of 50 years",
             "brief":"Fifty years since she asked whether the almond croissants at the bakery on Rue Cler were any good.",
             "tone":"romantic","length":"standard","signature":"Henri","deliver_by":"2026-12-14","metadata":{"crm_id":"C-42"}}
            """, "201", Order),
        ["GET v1/orders"] = (null, "200", $$"""{"object":"list","data":[{{Order}}],"has_more":true,"next_cursor":"NjM4OTk5MDAwMDAwMDAwMDAwLjAxOWE2ZjNl","previous_cursor":null}"""),
        ["GET v1/orders/{id}"] = (null, "200", Order),
        ["POST v1/orders/{id}/cancel"] = (null, "200", Order.Replace("\"status\":\"queued\"", "\"status\":\"cancelled\"", StringComparison.Ordinal)),
        ["GET v1/orders/{id}/events"] = (null, "200", """
            {"object":"list","data":[
              {"id":1,"object":"event","type":"received","from_status":null,"to_status":"received","actor":"you","note":null,"created_at":"2026-11-21T10:00:00+00:00"},
              {"id":2,"object":"event","type":"queued","from_status":"received","to_status":"queued","actor":"letters","note":"Routed to the Love & anniversaries queue.","created_at":"2026-11-21T10:00:00+00:00"},
              {"id":3,"object":"event","type":"claimed","from_status":"queued","to_status":"claimed","actor":"writer","note":null,"created_at":"2026-11-21T11:20:00+00:00"}]}
            """),
        ["GET v1/orders/{id}/proof.pdf"] = (null, "200", null),
        ["GET v1/orders/{id}/letter.pdf"] = (null, "200", null),
        ["POST v1/orders/{id}/revisions"] = ("""{"notes":"Please mention Biscuit, the dog."}""", "200", Order.Replace("\"status\":\"queued\"", "\"status\":\"claimed\"", StringComparison.Ordinal)),
        ["POST v1/recipients"] = (RecipientInput, "201", Recipient),
        ["POST v1/quotes"] = ("""{"length":"long","priority":"rush","paper":"parchment"}""", "201", """
            {"id":"019a6f3e-8d95-7a11-9c3e-5b0d2f6e4a10","object":"quote","mode":"live","length":"long","priority":"rush","paper":"parchment",
             "price":{"amount":2200,"currency":"USD","lines":[
               {"item":"letter_long","description":"A long handwritten letter (about 500 words)","amount":1400},
               {"item":"rush","description":"Rush: written and posted first","amount":500},
               {"item":"paper_parchment","description":"Parchment paper","amount":150},
               {"item":"envelope","description":"Envelope addressed by hand, stamped and posted","amount":150}]},
             "created_at":"2026-11-21T10:00:00+00:00","expires_at":"2026-11-22T10:00:00+00:00"}
            """),
        ["GET v1/quotes/{id}"] = (null, "200", """
            {"id":"019a6f3e-8d95-7a11-9c3e-5b0d2f6e4a10","object":"quote","mode":"live","length":"short","priority":"standard","paper":"cream",
             "price":{"amount":750,"currency":"USD","lines":[
               {"item":"letter_short","description":"A short handwritten letter (about 120 words)","amount":600},
               {"item":"envelope","description":"Envelope addressed by hand, stamped and posted","amount":150}]},
             "created_at":"2026-11-21T10:00:00+00:00","expires_at":"2026-11-22T10:00:00+00:00"}
            """),
        ["GET v1/statements/{month}"] = (null, "200", """
            {"object":"statement","month":"2026-11","mode":"live","totals":{"USD":1800},"orders":2,"lines":[
              {"order_id":"019a6f3e-8d95-7e5d-b6de-baa290210b2e","ordered_at":"2026-11-21T10:00:00+00:00","recipient":"Claire Martin","occasion":"anniversary","status":"delivered","amount":1050,"currency":"USD"},
              {"order_id":"019a6f3e-8d95-7e5d-b6de-baa290210b2f","ordered_at":"2026-11-23T09:30:00+00:00","recipient":"Sam Okafor","occasion":"birthday","status":"queued","amount":750,"currency":"USD"}]}
            """),
        ["GET v1/recipients"] = (null, "200", $$"""{"object":"list","data":[{{Recipient}}],"has_more":false,"next_cursor":null,"previous_cursor":null}"""),
        ["GET v1/recipients/{id}"] = (null, "200", Recipient),
        ["PUT v1/recipients/{id}"] = (RecipientInput, "200", Recipient),
        ["DELETE v1/recipients/{id}"] = (null, "204", null),
        ["GET v1/catalogue"] = (null, "200", """
            {"object":"catalogue",
             "styles":[{"id":"allure","name":"Allure (pen)","kind":"pen","scripts":"Latin (basic and Western European)","is_default":true,"description":"A connected formal script drawn with a fine pen, letter joined to letter.","preview_url":"/v1/catalogue/preview.pdf?style=allure","picture_url":"/v1/catalogue/preview.png?style=allure&size=small"},
                       {"id":"caveat","name":"Caveat","kind":"font","scripts":"Latin","is_default":false,"description":"Quick, upright everyday handwriting with a felt-tip feel.","preview_url":"/v1/catalogue/preview.pdf?style=caveat","picture_url":"/v1/catalogue/preview.png?style=caveat&size=small"}],
             "inks":[{"id":"blue_black","name":"Blue-black","description":null,"preview_url":"/v1/catalogue/preview.pdf?ink=blue_black"}],
             "papers":[{"id":"ruled","name":"Ruled","description":"Printed rules the writing sits on.","preview_url":"/v1/catalogue/preview.pdf?paper=ruled"}],
             "page_sizes":[{"id":"a5","name":"A5","description":"148 × 210 mm","preview_url":"/v1/catalogue/preview.pdf?page_size=a5"}]}
            """),
        ["GET v1/catalogue/preview.pdf"] = (null, "200", null),
        ["GET v1/orders/{id}/proof.svg"] = (null, "200", null),
        ["GET v1/orders/{id}/letter.svg"] = (null, "200", null),
        ["GET v1/orders/{id}/letter.gcode"] = (null, "200", null),
        ["GET v1/orders/{id}/envelope.svg"] = (null, "200", null),
        ["GET v1/orders/{id}/envelope.gcode"] = (null, "200", null),
        ["GET v1/orders/{id}/proof.png"] = (null, "200", null),
        ["GET v1/orders/{id}/letter.png"] = (null, "200", null),
        ["GET v1/catalogue/preview.png"] = (null, "200", null),
    };

    /// <summary>The example key of an operation: "POST v1/orders/{id}/cancel".</summary>
    public static string Key(string method, string? relativePath) => $"{method} {relativePath?.TrimEnd('/')}";

    public static bool Has(string key) => Examples.ContainsKey(key);

    public static void AddExamples(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, context, _) =>
        {
            if (!Examples.TryGetValue(Key(context.Description.HttpMethod ?? string.Empty, context.Description.RelativePath), out var example))
            {
                return Task.CompletedTask;
            }

            if (example.Request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
            {
                request.Example = JsonNode.Parse(example.Request);
            }

            if (operation.Responses?.TryGetValue(example.Status, out var response) == true)
            {
                if (example.Response is not null && response.Content is { } content)
                {
                    foreach (var media in content.Values)
                    {
                        media.Example = JsonNode.Parse(example.Response);
                    }
                }

                if (response is OpenApiResponse concrete && string.IsNullOrEmpty(concrete.Description))
                {
                    concrete.Description = example.Response is null && example.Status == "200" ? "A PDF document." : "Success.";
                }
            }

            return Task.CompletedTask;
        });
}
