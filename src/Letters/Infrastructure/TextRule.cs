using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation;
using Letters.Domain;

namespace Letters.Infrastructure;

/// <summary>Marks a request field that holds paragraphs (a brief, a note): line breaks and tabs are text there.</summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class MultiLineAttribute : Attribute;

/// <summary>
/// The one rule for text anyone sends (a client over the API or a form, a writer, an admin): no control characters
/// (NUL, bell, escape, the C1 set) anywhere, and line breaks or tabs only in fields that hold paragraphs. Every
/// request validator applies it to every text field of its request (<see cref="RequestValidator{T}"/>), lists and
/// dictionaries of text included, so a new field is covered the day it is added; forms posted to pages go through
/// <see cref="FormTextFilter"/>, query strings through the request guards.
/// </summary>
public static class TextRule
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, string Field, bool MultiLine)[]> Fields = new();

    public static bool Allows(string? text, bool multiLine) =>
        text is null || !text.Any(c => char.IsControl(c) && !(multiLine && c is '\n' or '\r' or '\t'));

    public static string Message(string field, bool multiLine) => multiLine
        ? $"'{field}' must not contain control characters other than line breaks and tabs."
        : $"'{field}' must not contain control characters or line breaks.";

    /// <summary>The text fields of <paramref name="request"/> that break the rule, by their wire names.</summary>
    public static IEnumerable<(string Field, string Message)> Problems(object request)
    {
        foreach (var (property, field, multiLine) in Fields.GetOrAdd(request.GetType(), Describe))
        {
            switch (property.GetValue(request))
            {
                case string text when !Allows(text, multiLine):
                    yield return (field, Message(field, multiLine));
                    break;
                case IDictionary<string, string> map:
                    foreach (var (key, value) in map)
                    {
                        if (!Allows(key, false) || !Allows(value, multiLine))
                        {
                            yield return (field, $"'{field}' must not contain control characters in its keys or values.");
                            break;
                        }
                    }

                    break;
                case IEnumerable<string> texts when texts.Any(t => !Allows(t, multiLine)):
                    yield return (field, Message(field, multiLine));
                    break;
            }
        }
    }

    private static (PropertyInfo, string, bool)[] Describe(Type type)
    {
        var parameters = type.GetConstructors().SelectMany(c => c.GetParameters()).Where(p => p.Name is not null)
            .GroupBy(p => p.Name!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && IsText(p.PropertyType))
            .Select(p => (p, WireNames.Of(p.Name), p.IsDefined(typeof(MultiLineAttribute)) || (parameters.TryGetValue(p.Name, out var parameter) && parameter.IsDefined(typeof(MultiLineAttribute)))))];
    }

    private static bool IsText(Type type) =>
        type == typeof(string) || typeof(IDictionary<string, string>).IsAssignableFrom(type) || (type != typeof(string) && typeof(IEnumerable<string>).IsAssignableFrom(type));
}

/// <summary>A request's validator: the <see cref="TextRule"/> for every text field, then the request's own rules.</summary>
public abstract class RequestValidator<T> : AbstractValidator<T>
{
    protected RequestValidator() => RuleFor(r => r).Custom((request, context) =>
    {
        if (request is null)
        {
            return;
        }

        foreach (var (field, message) in TextRule.Problems(request))
        {
            context.AddFailure(field, message);
        }
    });
}

/// <summary>
/// Forms posted to pages: a value with a control character (other than a line break or tab, which a text area
/// holds) is a 400 before any handler sees it, as the API refuses it.
/// </summary>
public sealed class FormTextFilter : Microsoft.AspNetCore.Mvc.Filters.IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var http = context.HttpContext;
        var reExecuted = http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null
            || http.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null;
        if (http.Request.HasFormContentType && !reExecuted)
        {
            bool clean;
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                clean = !form.Any(f => !TextRule.Allows(f.Key, false) || f.Value.Any(v => !TextRule.Allows(v, multiLine: true)));
            }
            catch (InvalidDataException)
            {
                // The framework's own decoder refuses some (a NUL): the same answer.
                clean = false;
            }

            if (!clean)
            {
                // The status alone: the error page says it in words, with a way back.
                context.Result = new Microsoft.AspNetCore.Mvc.StatusCodeResult(StatusCodes.Status400BadRequest);
                return;
            }
        }

        await next();
    }
}
