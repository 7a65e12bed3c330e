using Letters.Domain;
using System.Reflection;
using FluentValidation;

namespace Letters.Infrastructure;

/// <summary>
/// Runs the FluentValidation validator of every endpoint argument that has one, once per route group. A
/// failure is an RFC 9457 ValidationProblem (400) with errors keyed by the snake_case field path.
/// </summary>
public static class ValidationFilter
{
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var validated = context.MethodInfo.GetParameters()
                .Select((parameter, index) => (parameter, index))
                .Select(p => (p.index, validator: typeof(IValidator<>).MakeGenericType(p.parameter.ParameterType)))
                .Where(p => context.ApplicationServices.GetService(p.validator) is not null)
                .ToArray();
            if (validated.Length == 0)
            {
                return next;
            }

            return async invocation =>
            {
                foreach (var (index, validatorType) in validated)
                {
                    if (invocation.Arguments[index] is not { } argument)
                    {
                        continue;
                    }

                    var validator = (IValidator)invocation.HttpContext.RequestServices.GetRequiredService(validatorType);
                    var result = await validator.ValidateAsync(new ValidationContext<object>(argument), invocation.HttpContext.RequestAborted);
                    if (!result.IsValid)
                    {
                        return TypedResults.ValidationProblem(
                            result.Errors.GroupBy(e => e.PropertyName).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()),
                            title: "The request is not valid.");
                    }
                }

                return await next(invocation);
            };
        });
        return builder;
    }

    /// <summary>Registers every validator in the assembly (FluentValidation's DI package is not available here).</summary>
    public static IServiceCollection AddValidators(this IServiceCollection services, Assembly assembly)
    {
        // Field paths in errors match the JSON the client sent: recipient.postal_code, not Recipient.PostalCode.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : WireNames.Of(member.Name);
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) => member is null ? null : WireNames.Of(member.Name);

        // Validators hold no request state (their dependencies are the clock and options), so one of each serves all.
        services.AddValidatorsFromAssembly(assembly, ServiceLifetime.Singleton, includeInternalTypes: true);
        return services;
    }
}
