using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Orders;

/// <summary>
/// <c>POST /v1/orders/{id}/revisions</c>: after delivery, one free revision with notes. It goes straight back to
/// the writer who wrote the letter, claimed in their name, rather than to the open queue.
/// </summary>
public static class RequestRevision
{
    public sealed record Request([MultiLine] string? Notes);

    public sealed class Validator : RequestValidator<Request>
    {
        public Validator() => RuleFor(r => r.Notes).NotEmpty().MaximumLength(2000)
            .WithMessage("'notes' must say what to change, in at most 2,000 characters.");
    }

    public static void Map(RouteGroupBuilder group) =>
        group.MapPost("/{id}/revisions", Handle).WithSummary("Ask for the one free revision of a delivered letter");

    public static async Task<Results<Ok<OrderResponse>, ProblemHttpResult>> Handle(
        Guid id, Request request, HttpContext http, LettersDbContext db, TimeProvider clock, IOptions<OrderingOptions> options, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var order = await db.Orders.Include(o => o.Recipient).SingleOrDefaultAsync(o => o.Id == id && o.ClientId == clientId, ct);
        if (order is null)
        {
            return Problems.NotFound("order", id);
        }

        if (order.Status != OrderStatus.Delivered)
        {
            return Problems.Conflict("Not delivered yet.", $"A revision can be asked for once the letter is delivered; it is {order.Status.ToWire()}.");
        }

        if (order.RevisionsUsed > 0 || order.ClaimedBy is null)
        {
            return Problems.Conflict("No revision left.", "Each letter includes one free revision, and this one has been used.");
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        order.RevisionsUsed++;
        order.Attempt++;
        order.ClaimedAt = now;
        order.LeaseUntil = now + options.Value.RevisionLease;
        db.OrderEvents.Add(order.Apply(OrderStateMachine.Revise, new Actor(ActorKind.Client, clientId, "client"), now, request.Notes!));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("No revision left.", "A revision was just requested for this letter.");
        }

        return TypedResults.Ok(OrderResponse.From(order, order.Recipient));
    }
}
