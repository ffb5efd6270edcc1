using System.Reflection;
using CustomerRetention.Application.BuildingBlocks.Json;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>A bound the validators put on one member of a request type.</summary>
internal sealed record MemberConstraint(int? MinLength, int? MaxLength, decimal? Minimum, decimal? Maximum, bool ItemRule, bool Required = false);

/// <summary>
/// Reads the FluentValidation validators registered for the request bodies and finds the bounds
/// they declare (MaximumLength/Length, InclusiveBetween, GreaterThan…/LessThan… against constants),
/// following <c>SetValidator</c>, <c>ChildRules</c>, <c>Include</c> and <c>RuleForEach</c> into the
/// nested types. The document's constraints come from here, so they cannot drift from the rules.
/// Rules written as predicates (<c>Must</c>) say nothing a machine can read; their bounds are
/// declared beside them in <see cref="ContractSchemaFilter"/> from the same limits constants.
/// </summary>
internal sealed class ValidatorConstraints
{
    private readonly Dictionary<(Type Owner, string Member), List<MemberConstraint>> _constraints = [];
    private readonly Dictionary<string, Type> _queries = new(StringComparer.Ordinal);

    public ValidatorConstraints(IServiceScopeFactory scopes)
    {
        using var scope = scopes.CreateScope();
        foreach (var (model, validatorType) in RequestValidators)
        {
            var validator = (IValidator)scope.ServiceProvider.GetRequiredService(validatorType);
            Walk(validator, model);
        }

        // The query records of the list and report operations: operation ListCustomers reads ListCustomersQuery.
        foreach (var query in typeof(Application.DependencyInjection).Assembly.GetTypes().Where(t => t.Name.EndsWith("Query", StringComparison.Ordinal) && !t.IsAbstract))
        {
            if (scope.ServiceProvider.GetService(typeof(IValidator<>).MakeGenericType(query)) is IValidator validator)
            {
                _queries[query.Name[..^"Query".Length]] = query;
                Walk(validator, query);
            }
        }
    }

    /// <summary>The bounds on a query parameter of an operation, from its query's validator.</summary>
    /// A customer's list (<c>ListCustomerAlerts</c>) reads the query of the list it narrows (<c>ListAlertsQuery</c>).
    public MemberConstraint? ForQuery(string operationId, string parameter) =>
        _queries.TryGetValue(SharedQueries.GetValueOrDefault(operationId, operationId), out var query) ? For(query, parameter, items: false) : null;

    /// <summary>The body types with the validator that checks them (the command's, where a command wraps the body).</summary>
    private static readonly (Type Model, Type Validator)[] RequestValidators =
    [
        (typeof(Application.Customers.CreateCustomer.CreateCustomerCommand), typeof(IValidator<Application.Customers.CreateCustomer.CreateCustomerCommand>)),
        (typeof(Application.Customers.CustomerFields), typeof(IValidator<Application.Customers.CustomerFields>)),
        (typeof(Application.Interactions.InteractionFields), typeof(IValidator<Application.Interactions.InteractionFields>)),
        (typeof(Application.Orders.CreateOrderRequest), typeof(IValidator<Application.Orders.CreateOrderRequest>)),
        (typeof(Application.Customers.UpsertCustomers.CustomerBatchItem), typeof(IValidator<Application.Customers.UpsertCustomers.CustomerBatchItem>)),
        (typeof(Application.Orders.UpsertOrders.OrderBatchItem), typeof(IValidator<Application.Orders.UpsertOrders.OrderBatchItem>)),
        (typeof(Application.Orders.UpdateOrderRequest), typeof(IValidator<Application.Orders.UpdateOrderRequest>)),
        (typeof(Application.Lifecycle.TransitionCustomer.TransitionCustomerCommand), typeof(IValidator<Application.Lifecycle.TransitionCustomer.TransitionCustomerCommand>)),
        (typeof(Application.Segmentation.StartRfmRun.StartRfmRunCommand), typeof(IValidator<Application.Segmentation.StartRfmRun.StartRfmRunCommand>)),
        (typeof(Application.Value.StartClvModel.StartClvModelCommand), typeof(IValidator<Application.Value.StartClvModel.StartClvModelCommand>)),
        (typeof(Application.Access.ApiKeyFields), typeof(IValidator<Application.Access.ApiKeyFields>)),
        (typeof(Application.Webhooks.WebhookFields), typeof(IValidator<Application.Webhooks.WebhookFields>)),
        (typeof(Application.Alerts.AlertRuleFields), typeof(IValidator<Application.Alerts.AlertRuleFields>)),
        (typeof(Application.Alerts.DryRunAlertRule.DryRunAlertRuleCommand), typeof(IValidator<Application.Alerts.DryRunAlertRule.DryRunAlertRuleCommand>)),
        (typeof(Application.Alerts.AcknowledgeAlert.AcknowledgeAlertCommand), typeof(IValidator<Application.Alerts.AcknowledgeAlert.AcknowledgeAlertCommand>)),
        (typeof(Application.Alerts.SnoozeAlert.SnoozeAlertCommand), typeof(IValidator<Application.Alerts.SnoozeAlert.SnoozeAlertCommand>)),
        (typeof(Application.Alerts.ResolveAlert.ResolveAlertCommand), typeof(IValidator<Application.Alerts.ResolveAlert.ResolveAlertCommand>)),
        (typeof(Application.FollowUps.TaskFields), typeof(IValidator<Application.FollowUps.TaskFields>)),
        (typeof(Application.FollowUps.CompleteTask.CompleteTaskCommand), typeof(IValidator<Application.FollowUps.CompleteTask.CompleteTaskCommand>)),
        (typeof(Application.FollowUps.CadencePolicyFields), typeof(IValidator<Application.FollowUps.CadencePolicyFields>)),
        (typeof(Application.FollowUps.BirthdayPolicyFields), typeof(IValidator<Application.FollowUps.BirthdayPolicyFields>)),
        (typeof(Application.FollowUps.PostPurchasePolicyFields), typeof(IValidator<Application.FollowUps.PostPurchasePolicyFields>)),
        (typeof(Application.Cases.CaseFields), typeof(IValidator<Application.Cases.CaseFields>)),
        (typeof(Application.Cases.CasePatch), typeof(IValidator<Application.Cases.CasePatch>)),
        (typeof(Application.Cases.CaseMessageRequest), typeof(IValidator<Application.Cases.CaseMessageRequest>)),
        (typeof(Application.Cases.CaseResolutionFields), typeof(IValidator<Application.Cases.CaseResolutionFields>)),
        (typeof(Application.ServiceLevels.BusinessCalendarFields), typeof(IValidator<Application.ServiceLevels.BusinessCalendarFields>)),
        (typeof(Application.ServiceLevels.SlaPolicyFields), typeof(IValidator<Application.ServiceLevels.SlaPolicyFields>)),
        (typeof(Application.Surveys.SurveyFields), typeof(IValidator<Application.Surveys.SurveyFields>)),
        (typeof(Application.Surveys.CreateSurveySend.CreateSurveySendCommand), typeof(IValidator<Application.Surveys.CreateSurveySend.CreateSurveySendCommand>)),
        (typeof(Application.Surveys.RecordSurveyResponse.RecordSurveyResponseCommand), typeof(IValidator<Application.Surveys.RecordSurveyResponse.RecordSurveyResponseCommand>)),
        (typeof(Application.Surveys.SubmitSurveyResponse.SubmitSurveyResponseCommand), typeof(IValidator<Application.Surveys.SubmitSurveyResponse.SubmitSurveyResponseCommand>)),
    ];

    /// <summary>Operations that read another operation's query (one customer's tasks are the task list with a customer).</summary>
    private static readonly Dictionary<string, string> SharedQueries = new(StringComparer.Ordinal) { ["ListCustomerTasks"] = "ListTasks", ["ListCustomerAlerts"] = "ListAlerts", ["ListCustomerCases"] = "ListCases" };

    /// <summary>The bounds on a member (by its JSON name) of a type, merged; null when there are none.</summary>
    public MemberConstraint? For(Type owner, string jsonName, bool items)
    {
        if (!_constraints.TryGetValue((owner, jsonName), out var found))
        {
            return null;
        }

        var relevant = found.Where(c => c.ItemRule == items).ToList();
        if (relevant.Count == 0)
        {
            return null;
        }

        return new MemberConstraint(
            relevant.Select(c => c.MinLength).Max(),
            relevant.Select(c => c.MaxLength).Min(),
            relevant.Select(c => c.Minimum).Max(),
            relevant.Select(c => c.Maximum).Min(),
            items,
            relevant.Any(c => c.Required));
    }

    private void Walk(IValidator validator, Type model)
    {
        if (validator is not IEnumerable<IValidationRule> rules)
        {
            return;
        }

        foreach (var rule in rules)
        {
            var (owner, member) = Resolve(model, rule.PropertyName);
            var isItemRule = rule.GetType().Name.StartsWith("CollectionPropertyRule", StringComparison.Ordinal);
            foreach (var component in rule.Components)
            {
                if (component.Validator is IChildValidatorAdaptor child)
                {
                    if (Inner(child) is { } inner)
                    {
                        var target = member is null ? model : ElementType(member.PropertyType, isItemRule);
                        Walk(inner, target);
                    }

                    continue;
                }

                var constraint = Constraint(component.Validator, isItemRule);
                if (constraint is null && component.Validator is INotNullValidator or INotEmptyValidator && !component.HasCondition && !component.HasAsyncCondition && !isItemRule)
                {
                    constraint = new MemberConstraint(null, null, null, null, false, Required: true);
                }

                if (member is null || constraint is null)
                {
                    continue;
                }

                var key = (owner, ApiJson.Options.PropertyNamingPolicy!.ConvertName(member.Name));
                if (!_constraints.TryGetValue(key, out var list))
                {
                    _constraints[key] = list = [];
                }

                list.Add(constraint);
            }
        }
    }

    /// <summary>The member a rule's property path ("request.windowDays", "items", "Address") names, and the type that declares it.</summary>
    private static (Type Owner, PropertyInfo? Member) Resolve(Type model, string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return (model, null);
        }

        var owner = model;
        PropertyInfo? member = null;
        foreach (var segment in path.Split('.'))
        {
            if (member is not null)
            {
                owner = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
            }

            member = owner.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (member is null && owner == model && model.GetProperty("Request") is { } wrapped)
            {
                // A command wrapping the body, with the rule's name overridden to the body member's.
                owner = wrapped.PropertyType;
                member = owner.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            }

            if (member is null)
            {
                return (model, null);
            }
        }

        return (owner, member);
    }

    private static Type ElementType(Type type, bool itemRule)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        if (itemRule && plain != typeof(string) && plain.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } enumerable)
        {
            return enumerable.GetGenericArguments()[0];
        }

        return plain;
    }

    private static IValidator? Inner(IChildValidatorAdaptor child)
    {
        // ChildValidatorAdaptor<T, TProperty> keeps a fixed validator when built from an instance
        // (SetValidator(new …), ChildRules, Include); a provider-built one is not followed.
        var field = child.GetType().GetField("_validator", BindingFlags.NonPublic | BindingFlags.Instance);
        return field?.GetValue(child) as IValidator;
    }

    private static MemberConstraint? Constraint(IPropertyValidator validator, bool itemRule) => validator switch
    {
        ILengthValidator length => new MemberConstraint(length.Min > 0 ? length.Min : null, length.Max > 0 ? length.Max : null, null, null, itemRule),
        IBetweenValidator between when Number(between.From) is { } from && Number(between.To) is { } to =>
            validator.Name.Contains("Exclusive", StringComparison.Ordinal)
                ? new MemberConstraint(null, null, from + 1, to - 1, itemRule)
                : new MemberConstraint(null, null, from, to, itemRule),
        IComparisonValidator comparison when Number(comparison.ValueToCompare) is { } value => comparison.Comparison switch
        {
            Comparison.GreaterThan => new MemberConstraint(null, null, value + 1, null, itemRule),
            Comparison.GreaterThanOrEqual => new MemberConstraint(null, null, value, null, itemRule),
            Comparison.LessThan => new MemberConstraint(null, null, null, value - 1, itemRule),
            Comparison.LessThanOrEqual => new MemberConstraint(null, null, null, value, itemRule),
            _ => null,
        },
        _ => null,
    };

    /// <summary>Integral bounds only: the exclusive forms above step by one, which is right for integers.</summary>
    private static decimal? Number(object? value) => value switch
    {
        int i => i,
        long l => l,
        short s => s,
        _ => null,
    };

    /// <summary>Used by the tests' view of the rules: every (type, member) with a bound.</summary>
    public IEnumerable<(Type Owner, string Member, MemberConstraint Constraint)> All() =>
        _constraints.SelectMany(pair => pair.Value.Select(c => (pair.Key.Owner, pair.Key.Member, c)));
}
