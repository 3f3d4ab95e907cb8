// bin `phoenix-mock`
export {};
