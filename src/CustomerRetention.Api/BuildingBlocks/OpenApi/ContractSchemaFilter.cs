using System.Globalization;
using System.Reflection;
using CustomerRetention.Application.BuildingBlocks.Batches;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Customers;
using CustomerRetention.Application.Customers.CreateCustomer;
using CustomerRetention.Application.Customers.UpsertCustomers;
using CustomerRetention.Application.Interactions;
using CustomerRetention.Application.Lifecycle.TransitionCustomer;
using CustomerRetention.Application.Orders;
using CustomerRetention.Application.Orders.Contracts;
using CustomerRetention.Application.Orders.UpsertOrders;
using CustomerRetention.Application.Segmentation;
using CustomerRetention.Application.Value.StartClvModel;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.FollowUps;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.Segmentation;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CustomerRetention.Api.BuildingBlocks.OpenApi;

/// <summary>
/// Per schema: the bounds of the validators (<see cref="ValidatorConstraints"/>) and those of the
/// predicate rules (from the same limits constants), required and nullable as the JSON is really
/// written, and the examples of <see cref="OpenApiExamples"/>.
/// </summary>
internal sealed class ContractSchemaFilter(ValidatorConstraints constraints, OrderSettings orderSettings) : ISchemaFilter
{
    /// <summary>Bodies only ever sent whole: a member the validator requires is required and not nullable.</summary>
    private static readonly HashSet<Type> CreateBodies =
    [
        typeof(CreateCustomerCommand), typeof(CreateOrderRequest), typeof(TransitionRequest), typeof(ClvModelRequest), typeof(OrderItemFields),
        typeof(Application.Access.ApiKeyFields), typeof(OrderBatchItem),
        typeof(Application.Surveys.CreateSurveySend.SurveySendRequest), typeof(Application.Surveys.CreateSurveySend.SurveyContextFields),
        typeof(Application.Surveys.RecordSurveyResponse.SurveyResponseRequest), typeof(Application.Surveys.SubmitSurveyResponse.PublicSurveyResponseRequest),
    ];

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        var type = context.Type;
        var members = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .ToDictionary(p => ApiJson.Options.PropertyNamingPolicy!.ConvertName(p.Name), StringComparer.Ordinal);
        var isResponse = IsResponse(type);
        var required = new SortedSet<string>(concrete.Required ?? new HashSet<string>(), StringComparer.Ordinal);

        foreach (var name in properties.Keys.ToList())
        {
            var property = properties[name];
            members.TryGetValue(name, out var member);

            if (property is OpenApiSchema inline)
            {
                Bound(inline, constraints.For(type, name, items: false));
                if (inline.Items is OpenApiSchema items)
                {
                    Bound(items, constraints.For(type, name, items: true));
                }

                Predicates(type, name, inline);
            }

            var nullable = member is not null && IsNullable(member);
            if (CreateBodies.Contains(type) && constraints.For(type, name, items: false) is { Required: true })
            {
                required.Add(name);
                nullable = false;
                if (property is OpenApiSchema plain)
                {
                    plain.Type &= ~JsonSchemaType.Null;
                }
            }

            if (property is OpenApiSchemaReference reference && nullable)
            {
                // OpenAPI 3.0: a $ref has no siblings, so a nullable reference is allOf + nullable, with
                // the referenced schema's type beside it (`nullable` alone is not valid without `type`).
                var clr = Nullable.GetUnderlyingType(member!.PropertyType) ?? member.PropertyType;
                properties[name] = new OpenApiSchema
                {
                    AllOf = [reference],
                    Type = JsonSchemaType.Null | (clr.IsEnum ? JsonSchemaType.String : JsonSchemaType.Object),
                    Description = reference.Description,
                    MaxLength = clr.IsEnum ? ApiJson.EnumValues(clr).Max(v => v.Length) : null,
                };
            }

            var omittedWhenNull = name == "nextCursor" && type.Name.StartsWith("Page", StringComparison.Ordinal);
            if (omittedWhenNull && property is OpenApiSchema cursor)
            {
                // Left out on the last page rather than sent as null.
                cursor.Type &= ~JsonSchemaType.Null;
                cursor.MaxLength = Application.BuildingBlocks.Paging.PageLimits.CursorMaxLength;
            }
            else if (isResponse)
            {
                required.Add(name);
            }
        }

        if (type.Name == "BreakpointsRequest")
        {
            required.UnionWith(properties.Keys);
        }

        if (type == typeof(CustomerBatchItem) && properties["externalId"] is OpenApiSchema key)
        {
            // The key of every item; type and name are required only when the item creates the customer.
            required.Add("externalId");
            key.Type &= ~JsonSchemaType.Null;
        }

        concrete.Required = required.Count > 0 ? new HashSet<string>(required, StringComparer.Ordinal) : null;
        if (OpenApiExamples.For(type) is { } example)
        {
            concrete.Example = example;
        }
    }

    /// <summary>What the API writes: every member, null included (only a list page's last <c>nextCursor</c> is left out).</summary>
    private static bool IsResponse(Type type) =>
        type.Name.EndsWith("Dto", StringComparison.Ordinal) || type.Name is "Page`1" or "EventFeedPage" or nameof(BatchResult) or nameof(BatchItemResult);

    private static bool IsNullable(PropertyInfo member)
    {
        if (Nullable.GetUnderlyingType(member.PropertyType) is not null)
        {
            return true;
        }

        // A context per call: NullabilityInfoContext caches in a plain Dictionary and is not safe to
        // share between concurrent document requests (a shared one corrupted itself under load).
        return !member.PropertyType.IsValueType && new NullabilityInfoContext().Create(member).ReadState == NullabilityState.Nullable;
    }

    private static void Bound(OpenApiSchema schema, MemberConstraint? constraint)
    {
        if (constraint is null)
        {
            return;
        }

        var isArray = schema.Type?.HasFlag(JsonSchemaType.Array) == true;
        var isNumber = schema.Type is { } t && (t.HasFlag(JsonSchemaType.Integer) || t.HasFlag(JsonSchemaType.Number));
        if (constraint.MaxLength is { } max)
        {
            schema.MaxLength = max;
        }

        if (constraint.MinLength is { } min)
        {
            schema.MinLength = min;
        }

        if (isArray && constraint.Maximum is { } maxItems)
        {
            schema.MaxItems = (int)maxItems;
        }
        else if (isNumber)
        {
            if (constraint.Minimum is { } minimum)
            {
                schema.Minimum = Number(minimum);
            }

            if (constraint.Maximum is { } maximum)
            {
                schema.Maximum = Number(maximum);
            }
        }
    }

    /// <summary>The bounds of rules the validators state as predicates, from the constants those predicates use.</summary>
    private void Predicates(Type type, string name, OpenApiSchema schema)
    {
        switch ((type.Name, name))
        {
            case (nameof(CustomerFields) or nameof(CreateCustomerCommand) or nameof(CustomerBatchItem), "tags"):
                schema.MaxItems = CustomerLimits.MaxTags;
                if (schema.Items is OpenApiSchema tag)
                {
                    tag.MinLength = 1;
                    tag.MaxLength = CustomerLimits.TagMaxLength;
                }

                schema.UniqueItems = true;
                break;
            case (nameof(CustomerFields) or nameof(CreateCustomerCommand) or nameof(CustomerBatchItem) or nameof(CustomerDto), "attributes"):
                schema.MaxProperties = CustomerLimits.MaxAttributes;
                schema.AdditionalProperties = new OpenApiSchema
                {
                    OneOf =
                    [
                        new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = CustomerLimits.AttributeStringValueMaxLength },
                        new OpenApiSchema { Type = JsonSchemaType.Number, Minimum = Number(decimal.MinValue), Maximum = Number(decimal.MaxValue) },
                        new OpenApiSchema { Type = JsonSchemaType.Boolean },
                    ],
                };
                break;
            case ("BreakpointsRequest", _):
                // AreAscending needs four numbers per measure, so with breakpoints every measure is required.
                schema.MinItems = RfmScoring.BreakpointCount;
                schema.MaxItems = RfmScoring.BreakpointCount;
                schema.Type &= ~JsonSchemaType.Null;
                break;
            case (nameof(CustomerFields) or nameof(CreateCustomerCommand) or nameof(CustomerBatchItem), "email"):
                schema.Format = "email";
                schema.MaxLength = CustomerLimits.EmailMaxLength;
                break;
            case (nameof(CustomerFields) or nameof(CreateCustomerCommand) or nameof(CustomerBatchItem), "phone"):
                schema.Pattern = ContactRules.PhoneInputPattern;
                break;
            case ("AddressFields", "country"):
                schema.Pattern = "^[A-Za-z]{2}$";
                schema.MaxLength = 2;
                break;
            case (nameof(CreateOrderRequest) or nameof(OrderBatchItem), "amount") or (nameof(OrderItemFields), "unitPrice"):
                schema.Minimum = "0";
                schema.Maximum = Number(OrderLimits.MaxAmount);
                schema.MultipleOf = 0.01m;
                break;
            case (nameof(Application.Cases.CaseResolutionFields), "amount"):
                schema.Minimum = "0";
                schema.Maximum = Number(Application.Cases.CaseResolutionFieldsValidator.MaxPoints);
                schema.MultipleOf = 0.01m;
                schema.Description += " A refund or voucher: an amount in the deployment's currency with at most two decimals, up to the order limit; points: a whole number from 1.";
                break;
            case (nameof(CreateOrderRequest) or nameof(OrderBatchItem), "currency"):
                schema.Enum = [orderSettings.Currency];
                schema.MaxLength = 3;
                break;
            case (nameof(OrderItemFields), "quantity"):
                schema.Maximum = Number(int.MaxValue);
                break;
            case (nameof(ClvModelRequest), "monthlyDiscountRate"):
                schema.Minimum = "0";
                schema.ExclusiveMaximum = "1";
                break;
            case (nameof(CustomerBatchRequest) or nameof(OrderBatchRequest), "items"):
                schema.MinItems = 1;
                schema.MaxItems = BatchRules.MaxItems;
                schema.Type &= ~JsonSchemaType.Null;
                break;
            case (nameof(BatchResult), "results"):
                schema.MaxItems = BatchRules.MaxItems;
                break;
            case (nameof(BatchItemResult), "errors"):
                schema.MaxProperties = 1000;
                break;
            case (nameof(Application.Webhooks.WebhookFields), "eventTypes"):
                schema.MinItems = 1;
                schema.MaxItems = Domain.Webhooks.Webhook.MaxEventTypes;
                if (schema.Items is OpenApiSchema eventType)
                {
                    eventType.MinLength = 1;
                    eventType.MaxLength = Domain.Webhooks.Webhook.EventTypeMaxLength;
                }

                break;
            case (nameof(Application.Webhooks.WebhookFields), "url"):
                schema.Format = "uri";
                break;
            case ("Page`1", "items"):
                schema.MaxItems = Application.BuildingBlocks.Paging.PageLimits.Max;
                break;
            case ("EventFeedPage", "items"):
                schema.MaxItems = Application.Events.ListEvents.ListEventsHandler.MaxLimit;
                break;
            case (nameof(SegmentMapDto), "cells"):
                schema.MinItems = RfmScoring.MapCells;
                schema.MaxItems = RfmScoring.MapCells;
                break;
            case (nameof(SegmentCellDto), "r" or "f"):
                schema.Minimum = "1";
                schema.Maximum = Number(RfmScoring.MaxScore);
                break;
            case ("CadencePolicyFields" or "CadencePolicyDto", "tiers"):
                schema.MaxItems = FollowUpLimits.MaxTiers;
                break;
            case ("CadencePolicyFields" or "CadencePolicyDto", "touchTypes"):
                schema.MaxItems = FollowUpLimits.MaxTouchTypes;
                break;
            case ("CadenceScopeFields" or "CadenceScope", "stages" or "segments" or "tags") or ("CadenceTierFields" or "CadenceTier", "segments"):
                schema.MaxItems = FollowUpLimits.MaxScopeItems;
                if (schema.Items is OpenApiSchema item)
                {
                    item.MinLength = 1;
                    item.MaxLength = FollowUpLimits.TagMaxLength;
                }

                break;
            case ("CadenceTierFields" or "CadenceTier", "minClv"):
                schema.Minimum = "0";
                schema.Maximum = Number(Application.FollowUps.CadencePolicyFieldsValidator.MaxClv);
                break;
            case ("BusinessCalendarFields" or "BusinessCalendarDto", "weekly"):
                schema.MaxItems = Domain.ServiceLevels.ServiceLevelLimits.MaxWeeklyIntervals;
                break;
            case ("BusinessCalendarFields" or "BusinessCalendarDto", "holidays"):
                schema.MaxItems = Domain.ServiceLevels.ServiceLevelLimits.MaxHolidays;
                break;
            case ("SlaPolicyFields" or "SlaPolicyDto", "targets"):
                schema.MaxItems = Domain.ServiceLevels.ServiceLevelLimits.MaxTargets;
                break;
            case ("SlaConditionsFields" or "SlaConditionsDto", "priorities" or "categories" or "channels" or "segments" or "tags"):
                schema.MaxItems = Domain.ServiceLevels.ServiceLevelLimits.MaxConditionItems;
                break;
            case (nameof(Application.Surveys.NpsGroupDto), "ci95"):
                schema.MinItems = 2;
                schema.MaxItems = 2;
                break;
            case ("PostPurchasePolicyFields" or "PostPurchasePolicyDto", "skipIf"):
                schema.MaxItems = Enum.GetValues<PostPurchaseSkip>().Length;
                break;
            case (nameof(SegmentCellDto), "segment"):
                schema.Pattern = RfmScoring.SegmentKeyPattern;
                schema.MaxLength = RfmScoring.SegmentKeyMaxLength;
                break;
            default:
                Alerts.AlertSchemas.Apply(type.Name, name, schema);
                break;
        }
    }

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
