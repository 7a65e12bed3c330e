using Letters.Domain;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Letters.Infrastructure;

/// <summary>
/// Makes <c>/openapi/v1.json</c> say what the API does, so clients generated from it work: one schema name per
/// type, "required" taken from the validators (the one place that says what a request must have), the problem
/// fields every error carries, PDF bodies, and the Bearer API key. The test suite checks every response it
/// receives against this document.
/// </summary>
public static class OpenApiContract
{
    public const string BearerScheme = "api_key";

    public static void Configure(OpenApiOptions options)
    {
        // Nested request records (CreateOrder.Request, StaffLogin.Request …) would all be called "Request".
        options.CreateSchemaReferenceId = type => type.Type is { IsNested: true, DeclaringType: { } outer } nested && !nested.Name.StartsWith(outer.Name, StringComparison.Ordinal)
            ? outer.Name + nested.Name
            : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
        options.AddSchemaTransformer(RequiredFromValidator);
        options.AddSchemaTransformer(BoundsFromValidator);
        options.AddSchemaTransformer(Vocabularies);
        options.AddSchemaTransformer(ProblemFields);
        options.AddOperationTransformer(ParameterBounds);
        options.AddOperationTransformer(CsvBodies);
        options.AddOperationTransformer(PdfResponses);
        options.AddOperationTransformer(UnsupportedMediaType);
        options.AddDocumentTransformer(ApiKeySecurity);
    }

    /// <summary>
    /// A request property is required when its validator insists on it unconditionally, itself or through the
    /// validator it hands the shared fields to (<see cref="ValidatedAsAttribute"/>); nothing else is.
    /// </summary>
    private static Task RequiredFromValidator(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (ValidatorOf(context) is not { } validator)
        {
            return Task.CompletedTask;
        }

        var required = Required(validator);
        if (validator.GetType().GetCustomAttributes(typeof(ValidatedAsAttribute), false) is [ValidatedAsAttribute delegated]
            && context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(delegated.Request)) is IValidator shared)
        {
            required.UnionWith(Required(shared).Except(delegated.Except));
        }

        schema.Required = new HashSet<string>(schema.Properties?.Keys.Where(required.Contains) ?? [], StringComparer.Ordinal);
        return Task.CompletedTask;
    }

    private static IValidator? ValidatorOf(OpenApiSchemaTransformerContext context)
    {
        var type = context.JsonTypeInfo.Type;
        return type.IsGenericType || type.IsPrimitive || type == typeof(string)
            ? null
            : context.ApplicationServices.GetService(typeof(IValidator<>).MakeGenericType(type)) as IValidator;
    }

    private static HashSet<string> Required(IValidator validator) => validator.CreateDescriptor().Rules
        .Where(rule => rule.PropertyName is not null && rule.Components.Any(c =>
            c.Validator.Name is "NotNullValidator" or "NotEmptyValidator" && !c.HasCondition && !c.HasAsyncCondition))
        .Select(rule => WireNames.Of(rule.PropertyName))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Lengths and ranges the validators hold a field to (a condition only says when it is checked).</summary>
    private static Task BoundsFromValidator(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (ValidatorOf(context) is not { } validator || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var rule in validator.CreateDescriptor().Rules.Where(r => r.PropertyName is not null))
        {
            if (!schema.Properties.TryGetValue(WireNames.Of(rule.PropertyName!), out var found) || found is not OpenApiSchema property)
            {
                continue;
            }

            foreach (var component in rule.Components)
            {
                switch (component.Validator)
                {
                    case FluentValidation.Validators.ILengthValidator length:
                        property.MinLength = length.Min > 0 ? length.Min : property.MinLength;
                        property.MaxLength = length.Max > 0 ? length.Max : property.MaxLength;
                        break;
                    case FluentValidation.Validators.IBetweenValidator { From: IConvertible from, To: IConvertible to } between when between.Name == "InclusiveBetweenValidator":
                        property.Minimum = Number(from);
                        property.Maximum = Number(to);
                        break;
                    case FluentValidation.Validators.IComparisonValidator { ValueToCompare: IConvertible value } compare:
                        if (compare.Comparison == FluentValidation.Validators.Comparison.GreaterThanOrEqual && value is int or long)
                        {
                            property.Minimum = Number(value);
                        }
                        else if (compare.Comparison == FluentValidation.Validators.Comparison.GreaterThan && value is int or long)
                        {
                            property.Minimum = Number(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) + 1);
                        }

                        break;
                }
            }
        }

        return Task.CompletedTask;
    }

    private static string Number(IConvertible value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The values a request field takes, by its wire name: a field means the same in every request (an order's
    /// occasion and a campaign's), so each vocabulary is declared once, from the lists the validators check against.
    /// </summary>
    private static readonly Dictionary<string, Func<IEnumerable<string>>> Vocabulary = new(StringComparer.Ordinal)
    {
        ["occasion"] = () => Features.Orders.OrderVocabulary.Occasions,
        ["tone"] = () => Features.Orders.OrderVocabulary.Tones,
        ["length"] = () => Features.Orders.OrderVocabulary.Lengths.Keys,
        ["priority"] = () => Features.Orders.OrderVocabulary.Priorities,
        ["ink"] = () => Handwriting.Catalogue.Inks.Select(i => i.Id),
        ["paper"] = () => Handwriting.Catalogue.Papers.Select(p => p.Id),
        ["page_size"] = () => Handwriting.Catalogue.PageSizes.Select(p => p.Id),
        ["envelope_size"] = () => Handwriting.Catalogue.Envelopes.Select(e => e.Id),
        ["address_placement"] = () => ["envelope", "window"],
        ["kind"] = () => Enum.GetValues<CampaignKind>().Select(k => WireNames.Of(k)),
        ["on_invalid"] = () => ["skip_invalid", "reject_all"],
        ["trim"] = () => Enum.GetValues<Handwriting.Books.BookTrim>().Select(t => WireNames.Of(t)),
        ["leap_day"] = () => Enum.GetValues<LeapDayRule>().Select(l => WireNames.Of(l)),
        ["availability"] = () => Enum.GetValues<Availability>().Select(a => WireNames.Of(a)),
        ["event_types"] = () => Features.Webhooks.WebhookEvents.Subscribable,
    };

    private static Task Vocabularies(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (ValidatorOf(context) is null || schema.Properties is null)
        {
            return Task.CompletedTask;
        }

        foreach (var (name, values) in Vocabulary)
        {
            if (!schema.Properties.TryGetValue(name, out var found) || found is not OpenApiSchema property)
            {
                continue;
            }

            var target = property.Items as OpenApiSchema ?? property;
            var nullable = target.Type is { } type && type.HasFlag(JsonSchemaType.Null);
            var allowed = values().Select(v => (System.Text.Json.Nodes.JsonNode)System.Text.Json.Nodes.JsonValue.Create(v)).ToList();
            if (nullable)
            {
                // A field that may be left out may also be sent as null.
                allowed.Add(null!);
            }

            target.Enum = allowed;
        }

        // A style is one of the catalogue's, or a hand on the shelf (a writer's, listed; a client's own, theirs alone):
        // hands come and go while the app runs, so the contract names their form rather than a closed list.
        if (schema.Properties.TryGetValue("style", out var style) && style is OpenApiSchema styleSchema)
        {
            styleSchema.Pattern = $"^({string.Join("|", Handwriting.Catalogue.Styles.Select(s => s.Id))}|{Handwriting.Catalogue.HandPrefix}[a-z0-9][a-z0-9-]*)$";
            styleSchema.Description = $"One of {string.Join(", ", Handwriting.Catalogue.Styles.Select(s => s.Id))}, or a hand: hand:{{name}} (GET /v1/catalogue lists those offered).";
        }

        return Task.CompletedTask;
    }

    /// <summary>Query and path parameters as the handlers read them: the page size, the month, the picture's size.</summary>
    private static Task ParameterBounds(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }

            switch (parameter.Name)
            {
                case "limit":
                    (schema.Minimum, schema.Maximum) = ("1", PageRequest.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    break;
                case "month":
                    schema.Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$";
                    break;
                case "size":
                    schema.Enum = [.. Features.Renditions.Thumbnails.Sizes.Keys.Select(k => (System.Text.Json.Nodes.JsonNode)k!)];
                    break;
                case "page":
                    schema.Minimum = "1";
                    break;
                case "after_row":
                    schema.Minimum = "0";
                    break;
                case "kind" when parameter.In == ParameterLocation.Query:
                    schema.Enum = [.. Enum.GetValues<CampaignKind>().Select(k => (System.Text.Json.Nodes.JsonNode)WireNames.Of(k)!)];
                    break;
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>An endpoint that reads a CSV file as its body says so (the campaign file).</summary>
    private static Task CsvBodies(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<CsvBodyAttribute>().Any())
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The CSV file itself (UTF-8, comma or semicolon), at most 20 MB and 50,000 rows.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                    ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>Every problem carries trace_id (quote it to support); 400s carry errors per field.</summary>
    private static Task ProblemFields(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo is not null || !typeof(ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type))
        {
            return Task.CompletedTask;
        }

        schema.Properties ??= new Dictionary<string, IOpenApiSchema>();
        schema.Properties["trace_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote this when you ask about a failed request." };
        schema.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "What is wrong, per field or parameter (snake_case, as sent).",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        return Task.CompletedTask;
    }

    /// <summary>A body in another format than JSON is refused with a 415 problem, like a 400's.</summary>
    private static Task UnsupportedMediaType(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        if (operation.RequestBody is not null && operation.Responses?.TryGetValue("400", out var bad) == true)
        {
            operation.Responses["415"] = new OpenApiResponse { Description = "Unsupported Media Type: send application/json.", Content = bad.Content };
        }

        return Task.CompletedTask;
    }

    /// <summary>Endpoints that return a file return a PDF, unless they declare their own kind (a PNG, a CSV).</summary>
    private static Task PdfResponses(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
    {
        var method = context.Description.ActionDescriptor.EndpointMetadata.OfType<System.Reflection.MethodInfo>().FirstOrDefault();
        var returnsFile = method?.ReturnType is { } returns
            && (returns.GenericTypeArguments.Length > 0 ? returns.GenericTypeArguments[0] : returns) is { } result
            && (result == typeof(FileContentHttpResult) || result.GenericTypeArguments.Contains(typeof(FileContentHttpResult)));
        var declared = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Any(m => m.ContentTypes.Any(type => type is "image/png" or "text/csv"));
        var csv = context.Description.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>().Any(m => m.ContentTypes.Contains("text/csv"));
        if (csv && operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            // Answered as JSON or, asked for with Accept: text/csv, as a spreadsheet.
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }

        if (returnsFile && !declared)
        {
            operation.Responses ??= [];
            operation.Responses["200"] = new OpenApiResponse
            {
                Description = "A PDF document.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/pdf"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
                },
            };
        }

        return Task.CompletedTask;
    }

    /// <summary>The client API takes an API key as a Bearer token; the catalogue is public.</summary>
    private static Task ApiKeySecurity(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "lt_test_… or lt_live_…",
            Description = "Your API key: 'Authorization: Bearer lt_test_…'. Test keys run the whole pipeline without real delivery.",
        };
        foreach (var (path, item) in document.Paths)
        {
            if (!path.StartsWith("/v1/", StringComparison.Ordinal) || path.StartsWith("/v1/catalogue", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var operation in item.Operations?.Values.AsEnumerable() ?? [])
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
            }
        }

        return Task.CompletedTask;
    }

}

/// <summary>
/// On a validator whose request hands its shared fields to another request's validator (a campaign's letter settings
/// are checked as an order's): what that validator requires is required here too, but for <see cref="Except"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ValidatedAsAttribute(Type request) : Attribute
{
    public Type Request { get; } = request;

    public string[] Except { get; init; } = [];
}

/// <summary>Marks an endpoint whose body is a CSV file, read as it comes.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CsvBodyAttribute : Attribute;
