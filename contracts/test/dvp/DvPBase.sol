// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {DvP} from "../../src/dvp/DvP.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";

/// @dev The platform (Fixture), Test USD as the payment token, and the DvP enabled on the demo asset
/// (`setLocker(dvp, true)`): alice (USA) holds 1,000 tokens; alice, bob and carol hold 1,000,000 TUSD each, as
/// seedDemo funds the demo investors.
abstract contract DvPBase is Fixture {
    uint256 internal constant TUSD = 1e6; // one Test USD in base units
    uint256 internal constant USD_FUNDS = 1_000_000 * TUSD;
    uint256 internal constant HOLDING = 1000e18;

    DvP internal dvp;
    TestUSD internal usd;

    function setUp() public virtual override {
        super.setUp();
        dvp = new DvP(address(factory));
        usd = new TestUSD(issuer);
        vm.startPrank(issuer);
        token.setLocker(address(dvp), true);
        usd.mint(alice, USD_FUNDS);
        usd.mint(bob, USD_FUNDS);
        usd.mint(carol, USD_FUNDS);
        token.mint(alice, HOLDING);
        vm.stopPrank();
    }

    /// @dev Alice offers `amount` for `price` to `buyer` (zero: anyone) for one day.
    function _offer(uint256 amount, uint256 price, address buyer) internal returns (uint256 id) {
        vm.prank(alice);
        id = dvp.createOffer(address(token), amount, address(usd), price, buyer, uint64(block.timestamp + 1 days));
    }

    function _approve(address who, uint256 amount) internal {
        vm.prank(who);
        usd.approve(address(dvp), amount);
    }
}
