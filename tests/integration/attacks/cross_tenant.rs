//! A token issued for one customer is refused by every other customer's tenant and route.
