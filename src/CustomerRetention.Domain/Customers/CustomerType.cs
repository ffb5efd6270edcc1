namespace CustomerRetention.Domain.Customers;

public enum CustomerType
{
    Individual = 1,
    Business = 2,
}
