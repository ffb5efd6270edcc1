using System.Collections.Concurrent;
using System.Reflection;
using CustomerRetention.Domain.BuildingBlocks.Events;
using Microsoft.Extensions.DependencyInjection;

namespace CustomerRetention.Application.BuildingBlocks.Events;

/// <summary>
/// Calls the registered <see cref="IDomainEventHandler{TEvent}"/>s and <see cref="IEventData{TEvent}"/>
/// of an event whose type is only known at run time (one cached delegate per event type).
/// </summary>
public static class DomainEventDispatch
{
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IDomainEvent, CancellationToken, ValueTask>> Handlers = new();
    private static readonly ConcurrentDictionary<Type, Func<IServiceProvider, IDomainEvent, object>> Data = new();

    /// <summary>Runs every in-process handler of the event, in registration order.</summary>
    public static ValueTask HandleAsync(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var handle = Handlers.GetOrAdd(domainEvent.GetType(), type => Bind<Func<IServiceProvider, IDomainEvent, CancellationToken, ValueTask>>(nameof(HandleTyped), type));
        return handle(services, domainEvent, cancellationToken);
    }

    /// <summary>The event's <c>data</c> for the log; throws when its module registered none.</summary>
    public static object DataOf(IServiceProvider services, IDomainEvent domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var describe = Data.GetOrAdd(domainEvent.GetType(), type => Bind<Func<IServiceProvider, IDomainEvent, object>>(nameof(DataTyped), type));
        return describe(services, domainEvent);
    }

    /// <summary>
    /// Registers every handler and data writer of <paramref name="assembly"/> as a scoped service
    /// under each <see cref="IDomainEventHandler{TEvent}"/> and <see cref="IEventData{TEvent}"/> it implements.
    /// </summary>
    public static IServiceCollection AddDomainEventHandlers(this IServiceCollection services, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var contract in type.GetInterfaces().Where(IsEventContract))
            {
                services.AddScoped(contract, type);
            }
        }

        return services;
    }

    private static bool IsEventContract(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IDomainEventHandler<>) || type.GetGenericTypeDefinition() == typeof(IEventData<>));

    private static async ValueTask HandleTyped<TEvent>(IServiceProvider services, IDomainEvent domainEvent, CancellationToken cancellationToken)
        where TEvent : IDomainEvent
    {
        foreach (var handler in services.GetServices<IDomainEventHandler<TEvent>>())
        {
            await handler.Handle((TEvent)domainEvent, cancellationToken);
        }
    }

    private static object DataTyped<TEvent>(IServiceProvider services, IDomainEvent domainEvent)
        where TEvent : IDomainEvent =>
        (services.GetService<IEventData<TEvent>>()
            ?? throw new InvalidOperationException($"No IEventData<{typeof(TEvent).Name}> is registered: every event type needs the data it writes to the event log."))
        .DataOf((TEvent)domainEvent);

    private static TDelegate Bind<TDelegate>(string method, Type eventType)
        where TDelegate : Delegate =>
        typeof(DomainEventDispatch).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(eventType).CreateDelegate<TDelegate>();
}
