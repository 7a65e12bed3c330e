using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Orders;

/// <summary>
/// What an admin may do to an order, for the order page and <c>/admin/api</c> alike: change its priority (rush letters
/// are claimed first) and cancel it until it is approved. Each writes the order's event in the same save.
/// </summary>
public static class AdminOrderActions
{
    public sealed record PriorityRequest(string? Priority);

    public sealed record CancelRequest(string? Reason);

    public sealed class PriorityValidator : RequestValidator<PriorityRequest>
    {
        public PriorityValidator() => RuleFor(r => r.Priority).Must(p => OrderVocabulary.Priorities.Contains(p))
            .WithMessage("'priority' must be standard or rush.");
    }

    public sealed class CancelValidator : RequestValidator<CancelRequest>
    {
        public CancelValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(500)
            .WithMessage("Say why the order is cancelled (at most 500 characters): the client sees it.");
    }

    public static RouteGroupBuilder MapAdminOrders(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin/api").WithTags("Admin orders").RequireAuthorization(Policies.Admin).WithValidation();
        admin.MapPut("/orders/{id:guid}/priority", Priority).WithSummary("Make a letter rush or standard");
        admin.MapPost("/orders/{id:guid}/cancel", Cancel).WithSummary("Cancel a letter that is not yet approved, with the reason the client will read");
        return admin;
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Priority(Guid id, PriorityRequest request, CurrentStaff staff, LettersDbContext db, TimeProvider clock, CancellationToken ct) =>
        await ChangePriorityAsync(db, id, request.Priority!, staff.Admin, clock.GetUtcNow(), ct) switch
        {
            null => Problems.NotFound("order", id),
            _ => TypedResults.NoContent(),
        };

    public static async Task<Results<NoContent, ProblemHttpResult>> Cancel(Guid id, CancelRequest request, CurrentStaff staff, LettersDbContext db, TimeProvider clock, CancellationToken ct) =>
        await CancelAsync(db, id, request.Reason!, staff.Admin, clock.GetUtcNow(), ct) switch
        {
            null => Problems.NotFound("order", id),
            { Length: > 0 } refused => Problems.Conflict("The order was not cancelled.", refused),
            _ => TypedResults.NoContent(),
        };

    /// <summary>Null when there is no such order; true when the priority changed, false when it already was that.</summary>
    public static async Task<bool?> ChangePriorityAsync(LettersDbContext db, Guid id, string priority, Actor admin, DateTimeOffset now, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return null;
        }

        var to = WireNames.PriorityOf(priority);
        if (order.Priority == to)
        {
            return false;
        }

        now = now.TruncateToMicroseconds();
        order.Priority = to;
        order.UpdatedAt = now;
        db.OrderEvents.Add(order.Record(OrderEventTypes.PriorityChanged, admin, now, $"Priority is now {priority}."));
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>Null when there is no such order; empty when cancelled; otherwise why it cannot be.</summary>
    public static async Task<string?> CancelAsync(LettersDbContext db, Guid id, string reason, Actor admin, DateTimeOffset now, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null)
        {
            return null;
        }

        if (!OrderStateMachine.CancelByAdmin.AppliesTo(order.Status))
        {
            return $"A {Display.Phrase(order.Status)} order cannot be cancelled.";
        }

        reason = reason.Trim();
        order.LeaseUntil = null;
        db.OrderEvents.Add(order.Apply(OrderStateMachine.CancelByAdmin, admin, now.TruncateToMicroseconds(), reason[..Math.Min(reason.Length, 500)]));
        await db.SaveChangesAsync(ct);
        return string.Empty;
    }
}
